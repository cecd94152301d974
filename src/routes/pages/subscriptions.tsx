import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { findIncident } from "../../data/incidents";
import type { SubscriberRow } from "../../data/subscribers";
import { isChannel } from "../../domain/subscriptions";
import { readBody } from "../../http/body";
import { type AppEnv, pageOf, snapshotOf } from "../../http/context";
import { describeError } from "../../http/errors";
import { isCrossSiteReport } from "../../http/same-site";
import { isLocale, type Locale, localName } from "../../i18n/locale";
import { subscriptionWords } from "../../i18n/subscription-words";
import { linkSecret, manageToken } from "../../notify/tokens";
import { shownComponents } from "../../read-model";
import { subscriptionInputSchema } from "../../schemas/subscription";
import {
  type ConfirmLink,
  checkConfirmLink,
  checkManageLink,
  confirmByLink,
  saveFollows,
  unsubscribeByLink,
} from "../../services/subscriptions";
import { href } from "../../views/href";
import { componentNames, localIncident } from "../../views/incident";
import { Layout } from "../../views/layout";
import {
  CONFIRM_TTL_HOURS,
  SubscribeForm,
  type SubscribeScope,
  type SubscribeValues,
} from "../../views/subscribe-form";
import { ConfirmView, type ManageData, ManageView, SubscriptionMessage } from "../../views/subscription-pages";
import { sendConfirmationLater, signUpFrom } from "../subscriptions";
import { pushButtonFor } from "./push";

/**
 * The subscription pages of every service, without JavaScript: the sign-up
 * form's post (/subscribe), the confirmation link (a GET shows a button, its
 * POST confirms), the manage page, and unsubscribe (RFC 8058 one-click or the
 * manage page's button). Every page here is about one visitor's link: never
 * cached, never indexed, and no Referer carries its token elsewhere.
 */
export const subscriptionPages = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;
type PageStatus = 200 | 400 | 403 | 404 | 410 | 429 | 503;

function page(c: Ctx, title: string, body: Child, status: PageStatus = 200) {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Robots-Tag", "noindex");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={pageOf(c)} title={title}>
        {body}
      </Layout>
    ),
    status,
  );
}

function message(c: Ctx, title: string, body: string, status: PageStatus, children?: Child) {
  return page(
    c,
    title,
    <SubscriptionMessage ctx={pageOf(c)} title={title} body={body}>
      {children}
    </SubscriptionMessage>,
    status,
  );
}

/** A link of ours that does not (or no longer) work: 400 when it never did, 410 when it did once. */
function brokenLink(c: Ctx, state: "invalid" | "expired" | "replaced" | "gone") {
  const ctx = pageOf(c);
  const w = subscriptionWords(ctx.locale);
  const again = (
    <p>
      <a class="button" href={`${href(ctx, "/")}#subscribe`}>
        {w.subscribeAgain}
      </a>
    </p>
  );
  if (state === "invalid") return message(c, w.invalidTitle, w.invalidBody, 400);
  if (state === "replaced") return message(c, w.replacedTitle, w.replacedBody, 410);
  if (state === "gone") return message(c, w.goneTitle, w.goneBody, 410, again);
  return message(c, w.expiredTitle, w.expiredBody(CONFIRM_TTL_HOURS), 410, again);
}

/** `id` and `token` of a link, from the query or a posted form; null when either is missing or absurd. */
function linkOf(source: Record<string, unknown>): { id: string; token: string } | null {
  const { id, token } = source;
  if (typeof id !== "string" || typeof token !== "string") return null;
  if (id.length === 0 || id.length > 64 || token.length === 0 || token.length > 128) return null;
  return { id, token };
}

/** A urlencoded body with its repeated fields (checkboxes) kept; {} for anything else. */
async function formOf(c: Ctx): Promise<URLSearchParams> {
  const body = await readBody(c);
  if (body.format === "form") return new URLSearchParams(body.text);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body.data)) {
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === "string") params.append(key, item);
  }
  return params;
}

/** formOf, with a body that cannot be read (too large, another media type, not UTF-8) taken as empty: a page, not a JSON error. */
async function formOrEmpty(c: Ctx): Promise<URLSearchParams> {
  try {
    return await formOf(c);
  } catch (error) {
    if (describeError(error).status >= 500) throw error;
    return new URLSearchParams();
  }
}

const deps = (c: Ctx) => ({ db: c.get("db"), env: c.env, now: c.get("now") });

// --- Signing up with the form -------------------------------------------------------------

/** The scope the form was for, from its hidden fields, to show it again with its errors. */
async function scopeOf(c: Ctx, form: URLSearchParams): Promise<SubscribeScope> {
  const ctx = pageOf(c);
  const snapshot = await snapshotOf(c);
  const incident = form.get("incident");
  if (incident) return { kind: "incident", incidentId: incident };
  const only = form.get("scope") === "component" ? form.get("components") : null;
  const row = only ? snapshot.componentsById.get(only) : undefined;
  if (row) return { kind: "component", componentId: row.id, name: localName(ctx.locale, row) };
  return {
    kind: "service",
    components: shownComponents(snapshot.components).map((c) => ({ id: c.id, name: localName(ctx.locale, c) })),
  };
}

async function formAgain(
  c: Ctx,
  form: URLSearchParams,
  problem: { errors?: Record<string, string>; general?: string },
  status: 400 | 429 | 503,
) {
  const ctx = pageOf(c);
  const w = subscriptionWords(ctx.locale);
  const locale = form.get("locale") ?? undefined;
  const values: SubscribeValues = {
    address: (form.get("address") ?? "").slice(0, 254),
    locale: isLocale(locale) ? locale : undefined,
    components: form.getAll("components"),
  };
  const scope = await scopeOf(c, form);
  return page(
    c,
    w.heading,
    <div class="narrow">
      <SubscribeForm ctx={ctx} scope={scope} values={values} {...problem} pushButton={pushButtonFor(c, scope)} />
    </div>,
    status,
  );
}

/** A field at fault in the visitor's words. */
function fieldMessage(locale: Locale, field: string): string {
  const { errors } = subscriptionWords(locale);
  const name = field.split(".")[0] as keyof typeof errors;
  return errors[name] ?? errors.general;
}

/** /subscribe opened as a page (a reload after an error, a shared link): the form on the status page. */
subscriptionPages.get("/subscribe", (c) => c.redirect(`${href(pageOf(c), "/")}#subscribe`, 303));

subscriptionPages.post("/subscribe", async (c) => {
  const ctx = pageOf(c);
  const w = subscriptionWords(ctx.locale);
  if (isCrossSiteReport(c)) return message(c, w.crossSiteTitle, w.crossSiteBody, 403);
  let form: URLSearchParams;
  try {
    form = await formOf(c);
  } catch (error) {
    if (describeError(error).status >= 500) throw error;
    return formAgain(c, new URLSearchParams(), { general: w.errors.general }, 400);
  }
  const components = form.getAll("components").filter(Boolean);
  const parsed = subscriptionInputSchema.safeParse({
    channel: form.get("channel") ?? "email",
    address: form.get("address") ?? undefined,
    secret: form.get("secret") ?? undefined,
    locale: form.get("locale") ?? undefined,
    components: components.length > 0 ? components : undefined,
    incident: form.get("incident") ?? undefined,
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join(".") ?? "";
    return formAgain(c, form, { errors: { [field || "general"]: fieldMessage(ctx.locale, field) } }, 400);
  }
  try {
    const signed = await signUpFrom(c, parsed.data);
    sendConfirmationLater(c, signed);
    if (signed.status === "active") return message(c, w.activeTitle, w.activeBody, 200);
    return message(c, w.checkTitle, w.checkBody(parsed.data.channel, CONFIRM_TTL_HOURS), 200);
  } catch (error) {
    const { status, field, headers } = describeError(error);
    if (status === 429) {
      if (headers?.["Retry-After"]) c.header("Retry-After", headers["Retry-After"]);
      return formAgain(c, form, { general: w.errors.rateLimited }, 429);
    }
    if (status >= 500) return formAgain(c, form, { general: w.errors.unavailable }, 503);
    if (field) return formAgain(c, form, { errors: { [field]: fieldMessage(ctx.locale, field) } }, 400);
    return formAgain(c, form, { general: w.errors.general }, 400);
  }
});

// --- Confirming ---------------------------------------------------------------------------

subscriptionPages.get("/subscriptions/confirm", async (c) => {
  const link = linkOf(c.req.query());
  if (!link) return brokenLink(c, "invalid");
  const checked = await checkConfirmLink(deps(c), c.get("service").id, link);
  if (checked.state === "confirmed") return managePage(c, checked.subscriber);
  if (checked.state !== "valid") return brokenLink(c, checked.state);
  const w = subscriptionWords(pageOf(c).locale);
  return page(c, w.confirmTitle, <ConfirmView ctx={pageOf(c)} id={link.id} token={link.token} />);
});

subscriptionPages.post("/subscriptions/confirm", async (c) => {
  const w = subscriptionWords(pageOf(c).locale);
  if (isCrossSiteReport(c)) return message(c, w.crossSiteTitle, w.crossSiteBody, 403);
  const link = linkOf(Object.fromEntries(await formOrEmpty(c)));
  if (!link) return brokenLink(c, "invalid");
  const result: ConfirmLink = await confirmByLink(deps(c), c.get("service").id, link);
  if (result.state === "confirmed") return managePage(c, result.subscriber, { notice: w.confirmed });
  if (result.state === "valid") return brokenLink(c, "invalid");
  return brokenLink(c, result.state);
});

// --- Managing -----------------------------------------------------------------------------

/** The manage page of a subscriber whose link was checked. */
async function managePage(
  c: Ctx,
  subscriber: SubscriberRow,
  extra: { notice?: string; error?: string } = {},
  status: 200 | 400 = 200,
) {
  const ctx = pageOf(c);
  const w = subscriptionWords(ctx.locale);
  const snapshot = await snapshotOf(c);
  const names = componentNames(ctx, snapshot.components);
  const shown = shownComponents(snapshot.components).map((row) => ({ id: row.id, name: localName(ctx.locale, row) }));
  const extraFollowed = (subscriber.componentIds ?? [])
    .filter((id) => !shown.some((row) => row.id === id))
    .map((id) => ({ id, name: names.get(id) ?? id }));
  const incidents = await Promise.all(
    (subscriber.incidentIds ?? []).map(async (id) => {
      const found = await findIncident(c.get("db"), id);
      return { id, name: found ? localIncident(ctx, found, names).name : id };
    }),
  );
  const data: ManageData = {
    id: subscriber.id,
    token: await manageToken(linkSecret(c.env), subscriber.id),
    channel: isChannel(subscriber.channel) ? subscriber.channel : "email",
    locale: isLocale(subscriber.locale) ? subscriber.locale : ctx.locale,
    follows: { componentIds: subscriber.componentIds ?? null, incidentIds: subscriber.incidentIds ?? null },
    components: [...shown, ...extraFollowed],
    incidents,
    ...extra,
  };
  return page(c, w.manageTitle, <ManageView ctx={ctx} data={data} />, status);
}

subscriptionPages.get("/subscriptions/manage", async (c) => {
  const link = linkOf(c.req.query());
  if (!link) return brokenLink(c, "invalid");
  const checked = await checkManageLink(deps(c), c.get("service").id, link);
  if (checked.state !== "valid") return brokenLink(c, checked.state);
  const saved = c.req.query("saved") === "1";
  return managePage(c, checked.subscriber, saved ? { notice: subscriptionWords(pageOf(c).locale).saved } : {});
});

subscriptionPages.post("/subscriptions/manage", async (c) => {
  const ctx = pageOf(c);
  const w = subscriptionWords(ctx.locale);
  if (isCrossSiteReport(c)) return message(c, w.crossSiteTitle, w.crossSiteBody, 403);
  const form = await formOrEmpty(c);
  const link = linkOf(Object.fromEntries(form));
  if (!link) return brokenLink(c, "invalid");
  const checked = await checkManageLink(deps(c), c.get("service").id, link);
  if (checked.state !== "valid") return brokenLink(c, checked.state);
  const whole = form.get("scope") !== "chosen";
  const componentIds = whole ? null : form.getAll("components").filter(Boolean);
  const incidentIds = whole ? null : form.getAll("incidents").filter(Boolean);
  if (!whole && componentIds!.length === 0 && incidentIds!.length === 0) {
    return managePage(c, checked.subscriber, { error: w.nothingChosen }, 400);
  }
  const locale = form.get("locale") ?? undefined;
  try {
    await saveFollows({ ...deps(c), snapshot: await snapshotOf(c) }, checked.subscriber, {
      follows: { componentIds, incidentIds },
      locale: isLocale(locale) ? locale : undefined,
    });
  } catch (error) {
    if (describeError(error).status !== 400) throw error;
    return managePage(c, checked.subscriber, { error: w.errors.components }, 400);
  }
  const lang = isLocale(locale) ? locale : undefined;
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(href({ ...ctx, lang: lang ?? ctx.lang }, "/subscriptions/manage", { ...link, saved: "1" }), 303);
});

// --- Unsubscribing ------------------------------------------------------------------------

/** A GET of the unsubscribe link (a person, or a scanner): the manage page, whose button posts. */
subscriptionPages.get("/subscriptions/unsubscribe", (c) => {
  const link = linkOf(c.req.query());
  if (!link) return brokenLink(c, "invalid");
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(href(pageOf(c), "/subscriptions/manage", link), 303);
});

/**
 * Unsubscribe. RFC 8058 one-click: a mail provider POSTs
 * `List-Unsubscribe=One-Click` (application/x-www-form-urlencoded) to the
 * List-Unsubscribe URL, with no cookies and from no page of ours, so there is
 * no same-site check here: the token in the URL is the proof. The manage
 * page's button posts to the same URL. https://www.rfc-editor.org/rfc/rfc8058
 */
subscriptionPages.post("/subscriptions/unsubscribe", async (c) => {
  const w = subscriptionWords(pageOf(c).locale);
  // The body is `List-Unsubscribe=One-Click` or the manage page's empty form: the link is in the URL.
  const link = linkOf(c.req.query()) ?? linkOf(Object.fromEntries(await formOrEmpty(c)));
  if (!link) return brokenLink(c, "invalid");
  const outcome = await unsubscribeByLink(deps(c), link);
  if (outcome === "invalid") return brokenLink(c, "invalid");
  return message(c, w.unsubscribedTitle, w.unsubscribedBody, 200);
});
