import { createRoute, type z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { deletePushEndpoint } from "../data/subscribers";
import { guardBody } from "../http/body";
import { type AppContext, type AppEnv, boardOf, pageOf, snapshotOf } from "../http/context";
import { ApiError } from "../http/errors";
import { createRouter, errorResponses, langParameter, PUBLIC } from "../http/openapi";
import { isCrossSiteReport } from "../http/same-site";
import { clientIp } from "../lib/fingerprint";
import { confirmationSenderFor } from "../notify/confirmation";
import { serviceBaseUrl } from "../notify/links";
import { pushUnsubscribeSchema, subscriptionAnswerSchema, subscriptionInputSchema } from "../schemas/subscription";
import { confirmationAbout } from "../services/subscription-words";
import { type SignedUp, submitSignUp } from "../services/subscriptions";

/**
 * Subscriptions (issue 17), mounted at /api/subscriptions of every service:
 * sign up by JSON, and a browser unsubscribing from push. The form, the
 * confirm, manage and unsubscribe pages are src/routes/pages/subscriptions.tsx.
 */
export const subscriptionsRouter = createRouter();

/** As for reports: a hostile page must not make its visitors' browsers sign addresses up. */
const refuseCrossSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (isCrossSiteReport(c)) {
    throw new ApiError(403, "cross_site", "Sign-ups are accepted from this site's own pages and listed partners only");
  }
  await next();
};

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

/** The service's public root, for the links in messages: the default service at the root, others at /s/{id}. */
export async function serviceBase(c: AppContext): Promise<string> {
  const { registry } = await boardOf(c);
  return serviceBaseUrl(pageOf(c).url, c.get("service").id, registry.defaultId);
}

/** A sign-up from the API or the form, as the service takes it. */
export async function signUpFrom(c: AppContext, input: z.infer<typeof subscriptionInputSchema>): Promise<SignedUp> {
  return submitSignUp(
    { db: c.get("db"), env: c.env, now: c.get("now"), snapshot: await snapshotOf(c) },
    {
      input,
      locale: c.get("locale"),
      client: { ip: clientIp(c.req.raw.headers), userAgent: c.req.header("user-agent") ?? "" },
      base: await serviceBase(c),
    },
  );
}

/** An error text without the address it may quote (SMTP servers echo recipients): logs never hold one. */
function withoutAddress(error: unknown, address: string): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
  return text.split(address).join("[address]").slice(0, 300);
}

/**
 * Sends the confirmation after the answer (waitUntil), through the
 * deployment's sender (src/notify/confirmation.ts). A failure is logged with
 * the channel and the subscriber's id, never the address; the sign-up stays
 * pending and can be repeated after the hour.
 */
export function sendConfirmationLater(c: AppContext, signed: SignedUp): void {
  const { confirmation, subscriber } = signed;
  if (!confirmation) return;
  const db = c.get("db");
  const work = snapshotOf(c)
    .then((snapshot) => confirmationAbout(db, snapshot, subscriber))
    .then((about) => confirmationSenderFor(c.env, db).send(subscriber, confirmation.url, confirmation.expiresAt, about))
    .catch((error: unknown) =>
      console.error("subscription confirmation not sent", {
        channel: subscriber.channel,
        subscriber: subscriber.id,
        error: withoutAddress(error, subscriber.address),
      }),
    );
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (app.request in a script): the promise still runs.
  }
}

subscriptionsRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "createSubscription",
    tags: ["Subscriptions"],
    summary: "Subscribe to the service's incidents, maintenance and recoveries",
    description: [
      "By e-mail, Web Push or a chat group robot (WeCom, DingTalk, Feishu, Slack). E-mail addresses and robots get",
      "a confirmation link (at most one an hour per address, valid 48 hours) and nothing else until it is followed;",
      "push is active at once. Signing up again widens what the address follows. The answer is the same whether or",
      "not the address was signed up before. The same per-network rate limit and same-site check as reports.",
      "An HTML form posts to /subscribe instead.",
    ].join(" "),
    security: PUBLIC,
    parameters: [langParameter],
    middleware: [refuseCrossSite, guardBody()],
    request: { body: { required: true, content: { "application/json": { schema: subscriptionInputSchema } } } },
    responses: {
      202: { description: "Accepted (pending until confirmed, or active)", content: json(subscriptionAnswerSchema) },
      ...errorResponses(
        [400, "Invalid input, a wrong field for the channel, or a component or incident of another service (field)"],
        [403, "Sent from another site's page (Origin / Sec-Fetch-Site)"],
        413,
        415,
        429,
        503,
      ),
    },
  }),
  async (c) => {
    const signed = await signUpFrom(c, c.req.valid("json"));
    sendConfirmationLater(c, signed);
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        subscription: {
          id: signed.subscriber.id,
          channel: signed.subscriber.channel as z.infer<typeof subscriptionInputSchema>["channel"],
          status: signed.status,
          follows: {
            service: signed.subscriber.serviceId,
            components: signed.requested.componentIds,
            incidents: signed.requested.incidentIds,
          },
        },
      },
      202,
    );
  },
);

subscriptionsRouter.openapi(
  createRoute({
    method: "delete",
    path: "/push",
    operationId: "deletePushSubscription",
    tags: ["Subscriptions"],
    summary: "A browser's push subscription ends (PushSubscription.unsubscribe())",
    description:
      "Deletes the push subscriptions of this endpoint in every service. Knowing the endpoint proves it is yours. The same answer whether or not there were any.",
    security: PUBLIC,
    middleware: [guardBody()],
    request: { body: { required: true, content: { "application/json": { schema: pushUnsubscribeSchema } } } },
    responses: {
      204: { description: "Gone (or never there)" },
      ...errorResponses(400, 413, 415, 503),
    },
  }),
  async (c) => {
    await deletePushEndpoint(c.get("db"), c.req.valid("json").endpoint, c.get("service").id);
    c.header("Cache-Control", "no-store");
    return c.body(null, 204);
  },
);
