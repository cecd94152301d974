import { type Context, Hono } from "hono";
import type { PageContext } from "../../config/page";
import type { Verdict } from "../../config/verdict";
import { imposesStatus } from "../../domain/incidents";
import type { VerdictKind } from "../../domain/symptoms";
import type { Env } from "../../env";
import { readBody } from "../../http/body";
import { type AppEnv, boardOf, pageOf, requestLocation, snapshotOf } from "../../http/context";
import { edgeCache } from "../../http/edge-cache";
import { describeError } from "../../http/errors";
import { isCrossSiteReport } from "../../http/same-site";
import { clientIp } from "../../lib/fingerprint";
import { itemsAffecting, type StatusSnapshot, shownComponents, tellVerdict } from "../../read-model";
import { idempotencyKeySchema, reportInputSchema } from "../../schemas/report";
import { evidenceNow, type VerdictEvidence } from "../../services/evidence";
import { storedVerdict, subjectOf, submitReport } from "../../services/reports";
import { href } from "../../views/href";
import { componentNames } from "../../views/incident";
import { Layout } from "../../views/layout";
import { type FormValues, ReportForm } from "../../views/report-form";
import { SubscribeForm, type SubscribeScope } from "../../views/subscribe-form";
import { type ThenAndNow, VerdictView } from "../../views/verdict";
import { componentOg } from "./og";
import { offersWebPush, pushButtonFor } from "./push";

/** The "is it just me?" form and its verdict page; the form works without JavaScript. */
export const reportPages = new Hono<AppEnv>();

const FIELDS = ["component", "symptom", "message_seen", "region", "platform", "other_methods_work"] as const;

function renderForm(
  c: Context<AppEnv>,
  snapshot: StatusSnapshot,
  values: FormValues,
  errors: Record<string, string>,
  general: string | undefined,
  status: 200 | 400 | 429 | 503,
) {
  const ctx = pageOf(c);
  // The form holds nothing personal, but a page with a visitor's errors must not be shared.
  c.header("Cache-Control", status === 200 ? "public, max-age=60" : "no-store");
  c.header("Vary", "Accept-Language");
  return c.html(
    "<!doctype html>" +
    (
      // The manifest too: with JavaScript the verdict (and its notification button) replaces this page's content.
      <Layout ctx={ctx} title={ctx.t.nav.report} withScript manifest={offersWebPush(c)}>
        <div class="narrow">
          <h1>{ctx.t.form.title}</h1>
          <p class="lead">{ctx.t.form.intro}</p>
          <ReportForm
            ctx={ctx}
            components={shownComponents(snapshot.components)}
            values={values}
            errors={errors}
            general={general}
          />
        </div>
      </Layout>
    ),
    status,
  );
}

/** Field errors in the page's language, from the same schema the API validates with. */
function fieldErrors(ctx: PageContext, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = reportInputSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (field && !errors[field]) errors[field] = ctx.t.form.errors[field] ?? ctx.t.form.errors.general!;
    }
  }
  // Show errors in the order of the form.
  return Object.fromEntries(FIELDS.filter((f) => errors[f]).map((f) => [f, errors[f]!]));
}

reportPages.get("/", edgeCache({ query: ["component"] }), async (c) => {
  return renderForm(c, await snapshotOf(c), { component: c.req.query("component") }, {}, undefined, 200);
});

reportPages.post("/", async (c) => {
  const ctx = pageOf(c);
  if (isCrossSiteReport(c)) return crossSitePage(c);
  const snapshot = await snapshotOf(c);
  let data: Record<string, unknown>;
  try {
    ({ data } = await readBody(c));
  } catch (error) {
    if (describeError(error).status >= 500) throw error;
    return renderForm(c, snapshot, {}, {}, ctx.t.form.errors.general, 400);
  }
  const values: FormValues = {};
  for (const field of FIELDS) if (typeof data[field] === "string") values[field] = data[field] as string;
  const errors = fieldErrors(ctx, values);
  if (Object.keys(errors).length > 0) return renderForm(c, snapshot, values, errors, undefined, 400);

  try {
    const result = await submitReport(
      { db: c.get("db"), env: c.env, now: c.get("now"), snapshot },
      {
        input: reportInputSchema.parse(values),
        // report.js sends one per form submission, so a double click stores one report.
        idempotencyKey: idempotencyKeySchema.safeParse(c.req.header("idempotency-key")).data ?? null,
        client: { ip: clientIp(c.req.raw.headers), userAgent: c.req.header("user-agent") ?? "" },
        location: requestLocation(c),
      },
    );
    if (result.outcome !== "queued") return c.redirect(href(ctx, `/report/${result.report.id}`), 303);
    // Queued (REPORT_INGEST=queue): the row is written within seconds, so show the verdict now instead of redirecting to it.
    c.header("Content-Location", href(ctx, `/report/${result.report.id}`));
    const { report, situation } = result;
    const verdict = tellVerdict(await boardOf(c), snapshot, ctx.locale, subjectOf(report, report.verdict), situation);
    const evidence = await evidenceNow(c.get("db"), report.componentId, situation, c.get("now"));
    return verdictPage(c, snapshot, {
      reportId: report.id,
      componentId: report.componentId,
      verdict,
      evidence: { ...evidence, reporters: result.reportersLast15m },
      others: Math.max(0, result.reportersLast15m - 1),
    });
  } catch (error) {
    const { status, field } = describeError(error);
    if (status === 429) return renderForm(c, snapshot, values, {}, ctx.t.form.errors.rateLimited, 429);
    if (status >= 500) return renderForm(c, snapshot, values, {}, ctx.t.form.errors.general, 503);
    if (field && ctx.t.form.errors[field]) {
      return renderForm(c, snapshot, values, { [field]: ctx.t.form.errors[field]! }, undefined, 400);
    }
    return renderForm(c, snapshot, values, {}, ctx.t.form.errors.general, 400);
  }
});

/** What a visitor sees when another site made their browser post the form: nothing was stored. */
function crossSitePage(c: Context<AppEnv>) {
  const ctx = pageOf(c);
  const { crossSite } = ctx.t.form;
  c.header("Cache-Control", "no-store");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={crossSite.title}>
        <div class="narrow">
          <h1>{crossSite.title}</h1>
          <p>{crossSite.body}</p>
          <p>
            <a class="button" href={href(ctx, "/report")}>
              {ctx.t.reportCtaButton}
            </a>
          </p>
        </div>
      </Layout>
    ),
    403,
  );
}

function notFound(c: Context<AppEnv>) {
  const ctx = pageOf(c);
  c.header("Cache-Control", "no-store");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={ctx.t.verdict.notFound}>
        <div class="narrow">
          <h1>{ctx.t.verdict.notFound}</h1>
          <p>{ctx.t.verdict.notFoundDetail}</p>
          <p>
            <a class="button" href={href(ctx, "/report")}>
              {ctx.t.reportCtaButton}
            </a>
          </p>
        </div>
      </Layout>
    ),
    404,
  );
}

reportPages.get("/:id", async (c) => {
  const ctx = pageOf(c);
  const snapshot = await snapshotOf(c);
  const found = await storedVerdict(c.get("db"), snapshot, c.req.param("id"), c.get("now"));
  if (!found) return notFound(c);
  const { report, situation, kindNow, reported, since } = found;
  const verdict = tellVerdict(await boardOf(c), snapshot, ctx.locale, subjectOf(report, kindNow), situation);
  // Just reported (the form redirects here) and nothing changed since: the answer to the report, not a look back.
  if (c.get("now") - report.receivedAt < JUST_REPORTED_MS && kindNow === report.verdict) {
    return verdictPage(c, snapshot, {
      reportId: report.id,
      componentId: report.componentId,
      verdict,
      evidence: reported,
      // "Others": the reporter themself counts in the rollups unless their report was a repeat.
      others: Math.max(0, reported.reporters - (report.isRepeat ? 0 : 1)),
    });
  }
  return verdictPage(c, snapshot, {
    reportId: report.id,
    componentId: report.componentId,
    verdict,
    evidence: since,
    earlier: {
      kind: report.verdict as VerdictKind,
      at: report.receivedAt,
      before: reported.reporters,
      since: since.reporters,
    },
  });
});

/** A verdict page read within this long of its report is the answer to it, not a look back. */
const JUST_REPORTED_MS = 60_000;

/**
 * While something is open the verdict page reloads itself (a meta refresh: no
 * JavaScript needed) every VERDICT_REFRESH_SECONDS, at most a minute apart.
 */
function refreshSeconds(env: Env): number {
  const seconds = Math.round(Number(env.VERDICT_REFRESH_SECONDS ?? 60));
  return Number.isFinite(seconds) ? Math.min(60, Math.max(2, seconds)) : 60;
}
const OPEN_KINDS: ReadonlySet<VerdictKind> = new Set(["maintenance", "outage", "account_wave"]);

/**
 * What "tell me when it's fixed" follows on a verdict page: the incident (or
 * the maintenance) the verdict is about while one is open on the component,
 * else the component.
 */
function verdictScope(
  snapshot: StatusSnapshot,
  componentId: string,
  verdict: Verdict,
  names: Map<string, string>,
  nowMs: number,
): SubscribeScope {
  const type = verdict.kind === "maintenance" ? "maintenance" : "incident";
  const about =
    verdict.kind === "outage" || verdict.kind === "account_wave" || verdict.kind === "maintenance"
      ? itemsAffecting(snapshot, componentId).find((item) => item.type === type && imposesStatus(item, nowMs))
      : undefined;
  if (about) return { kind: "incident", incidentId: about.id };
  return { kind: "component", componentId, name: names.get(componentId) ?? componentId };
}

/** The verdict a reporter sees: for a stored report, or right after a queued one. */
function verdictPage(
  c: Context<AppEnv>,
  snapshot: StatusSnapshot,
  shown: {
    reportId: string;
    componentId: string;
    verdict: Verdict;
    evidence: VerdictEvidence;
    others?: number;
    earlier?: ThenAndNow;
  },
) {
  const ctx = pageOf(c);
  const names = componentNames(ctx, snapshot.components);
  const refreshEvery = OPEN_KINDS.has(shown.verdict.kind) ? refreshSeconds(c.env) : null;
  const self = href(ctx, `/report/${shown.reportId}`);
  const scope = verdictScope(snapshot, shown.componentId, shown.verdict, names, ctx.nowMs);
  // A verdict belongs to one reporter's visit: never cache it in shared caches.
  c.header("Cache-Control", "private, no-store");
  return c.html(
    "<!doctype html>" +
    (
      <Layout
        ctx={ctx}
        title={ctx.t.verdict.pageTitle}
        og={componentOg(ctx, snapshot, shown.componentId)}
        refresh={refreshEvery ? { seconds: refreshEvery, url: self } : undefined}
        manifest={offersWebPush(c)}
      >
        <div class="narrow">
          <VerdictView
            ctx={ctx}
            verdict={shown.verdict}
            componentName={names.get(shown.componentId) ?? shown.componentId}
            evidence={shown.evidence}
            others={shown.others}
            earlier={shown.earlier}
            refreshSeconds={refreshEvery}
            incidents={itemsAffecting(snapshot, shown.componentId)}
            names={names}
          />
          <SubscribeForm ctx={ctx} scope={scope} pushButton={pushButtonFor(c, scope)} />
        </div>
      </Layout>
    ),
  );
}
