import { createRoute, type z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { guardBody } from "../http/body";
import { type AppContext, type AppEnv, pageOf, snapshotOf } from "../http/context";
import { ApiError, describeError } from "../http/errors";
import { createRouter, errorResponses, langParameter, PUBLIC } from "../http/openapi";
import { isCrossSiteReport } from "../http/same-site";
import { recoveryWords } from "../i18n/recovery-words";
import { clientIp } from "../lib/fingerprint";
import { toIso } from "../lib/time";
import { recoveryAnswerSchema, recoveryInputSchema } from "../schemas/recovery";
import { submitRecovery } from "../services/recoveries";
import { href } from "../views/href";
import { Layout } from "../views/layout";

/** "It works again" (issue 14), mounted at /api/recoveries of every service. */
export const recoveriesRouter = createRouter();

/** As for reports: a hostile page must not make its visitors' browsers say it works again. */
const refuseCrossSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (isCrossSiteReport(c)) {
    throw new ApiError(
      403,
      "cross_site",
      "Recoveries are accepted from this site's own pages and listed partners only",
    );
  }
  await next();
};

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

const submitRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "createRecovery",
  tags: ["Reports"],
  summary: 'Say a component works again for you ("恢复了"); answers with how many people say so',
  description:
    "JSON or an HTML form post. One person counts once per component (repeats within 30 minutes and a network beyond its share are stored but not counted); the same rate limit, same-site check and reporter hashes as a report. A form post that accepts text/html is answered with a 303 back to the page it came from (the verdict page when `report` is given, else the status page) with a thank-you state.",
  security: PUBLIC,
  parameters: [langParameter],
  middleware: [refuseCrossSite, guardBody()],
  request: {
    body: {
      required: false,
      content: {
        "application/json": { schema: recoveryInputSchema },
        "application/x-www-form-urlencoded": { schema: recoveryInputSchema },
      },
    },
  },
  responses: {
    201: { description: "Stored (see `counted`)", content: json(recoveryAnswerSchema) },
    303: { description: "A form post that accepts text/html: back to the page, with a thank-you state" },
    ...errorResponses(
      [400, "Invalid input, or a component of another service (field: component)"],
      [403, "Sent from another site's page (Origin / Sec-Fetch-Site)"],
      413,
      415,
      429,
      503,
    ),
  },
});

recoveriesRouter.openapi(submitRoute, async (c) => {
  const isForm = (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
  const input = isForm ? c.req.valid("form") : c.req.valid("json");
  const wantsPage = isForm && (c.req.header("accept") ?? "").includes("text/html");
  const snapshot = await snapshotOf(c);
  let result: Awaited<ReturnType<typeof submitRecovery>>;
  try {
    result = await submitRecovery(
      { db: c.get("db"), env: c.env, now: c.get("now"), snapshot },
      {
        componentId: input.component,
        client: { ip: clientIp(c.req.raw.headers), userAgent: c.req.header("user-agent") ?? "" },
      },
    );
  } catch (error) {
    if (wantsPage) return errorPage(c, error, input.report);
    throw error;
  }
  c.header("Cache-Control", "private, no-store");
  if (wantsPage) {
    const ctx = pageOf(c);
    const repeat = result.counted ? undefined : "1";
    const back = input.report
      ? href(ctx, `/report/${input.report}`, { recovered: "1", repeat })
      : href(ctx, "/", { recovered: result.componentId, repeat });
    return c.redirect(`${back}#recovery`, 303);
  }
  return c.json(
    {
      component: result.componentId,
      counted: result.counted,
      recoveries: result.recoveries,
      since: toIso(result.since.sinceMs)!,
      since_incident: result.since.sinceIncident,
    },
    201,
  );
});

/** A form post without JavaScript that could not be recorded: a short page in the visitor's language. */
function errorPage(c: AppContext, error: unknown, reportId: string | undefined) {
  const { status, field } = describeError(error);
  if (status >= 500 && status !== 503) throw error;
  const ctx = pageOf(c);
  const w = recoveryWords(ctx.locale);
  const message = status === 429 ? w.rateLimited : status === 503 || !field ? w.failed : describeError(error).message;
  const retryAfter = describeError(error).headers?.["Retry-After"];
  if (retryAfter) c.header("Retry-After", retryAfter);
  c.header("Cache-Control", "no-store");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={w.heading}>
        <div class="narrow">
          <h1>{w.heading}</h1>
          <p>{message}</p>
          <p>
            <a class="button" href={href(ctx, reportId ? `/report/${reportId}` : "/")}>
              {w.back}
            </a>
          </p>
        </div>
      </Layout>
    ),
    status as 400 | 429 | 503,
  );
}
