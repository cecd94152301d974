import { type Context, Hono } from "hono";
import { type ComponentRow, listComponents } from "../../data/components";
import { listOpenMaintenances, listUnresolvedIncidents } from "../../data/incidents";
import { distinctReportersSince, findReport } from "../../data/reports";
import { componentSituation } from "../../data/situation";
import { database } from "../../db/client";
import type { VerdictKind } from "../../domain/symptoms";
import { describeVerdict, type Verdict } from "../../domain/verdict";
import type { AppEnv } from "../../env";
import { readBody } from "../../lib/body";
import { ApiError } from "../../lib/errors";
import { MINUTE_MS } from "../../lib/time";
import { reportInputSchema } from "../../schemas/report";
import { href, type PageContext, pageContext } from "../../views/context";
import { Layout } from "../../views/layout";
import { type FormValues, ReportForm } from "../../views/report-form";
import { VerdictView } from "../../views/verdict";

export const reportPages = new Hono<AppEnv>();

const FIELDS = ["component", "symptom", "message_seen", "region", "platform", "other_methods_work"] as const;
const OTHERS_WINDOW_MS = 15 * MINUTE_MS;
const REPORT_ID = /^[0-9a-f-]{36}$/;

function renderForm(
  c: Context<AppEnv>,
  ctx: PageContext,
  components: ComponentRow[],
  values: FormValues,
  errors: Record<string, string>,
  general: string | undefined,
  status: 200 | 400 | 429 | 503,
) {
  // The form holds nothing personal, but a page with a visitor's errors must not be shared.
  c.header("Cache-Control", status === 200 ? "public, max-age=60" : "no-store");
  c.header("Vary", "Accept-Language");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={ctx.t.nav.report} withScript>
        <div class="narrow">
          <h1>{ctx.t.form.title}</h1>
          <p class="lead">{ctx.t.form.intro}</p>
          <ReportForm ctx={ctx} components={components} values={values} errors={errors} general={general} />
        </div>
      </Layout>
    ),
    status,
  );
}

/** Field errors in the page's language, with the same schema the API uses. */
function fieldErrors(ctx: PageContext, values: FormValues, components: ComponentRow[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = reportInputSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (field && !errors[field]) errors[field] = ctx.t.form.errors[field] ?? ctx.t.form.errors.general!;
    }
  }
  if (!errors.component && !components.some((row) => row.id === values.component))
    errors.component = ctx.t.form.errors.component!;
  // Show errors in the order of the form.
  return Object.fromEntries(FIELDS.filter((f) => errors[f]).map((f) => [f, errors[f]!]));
}

reportPages.get("/report", async (c) => {
  const ctx = pageContext(c);
  const components = await listComponents(database(c.env.DB));
  return renderForm(c, ctx, components, { component: c.req.query("component") }, {}, undefined, 200);
});

reportPages.post("/report", async (c) => {
  const ctx = pageContext(c);
  const db = database(c.env.DB);
  const componentsPromise = listComponents(db);
  let data: Record<string, unknown>;
  try {
    ({ data } = await readBody(c));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return renderForm(c, ctx, await componentsPromise, {}, {}, ctx.t.form.errors.general, 400);
  }
  const values: FormValues = {};
  for (const field of FIELDS) if (typeof data[field] === "string") values[field] = data[field] as string;
  const components = await componentsPromise;
  const errors = fieldErrors(ctx, values, components);
  if (Object.keys(errors).length > 0) return renderForm(c, ctx, components, values, errors, undefined, 400);

  // Store through the report API itself (same validation, fingerprint, redaction,
  // repeat marking and any middleware), imported lazily because index imports us.
  const { app } = await import("../../index");
  const forwarded = new Headers({ "content-type": "application/x-www-form-urlencoded", accept: "application/json" });
  for (const name of ["user-agent", "cf-connecting-ip", "idempotency-key"]) {
    const value = c.req.header(name);
    if (value) forwarded.set(name, value);
  }
  let executionCtx: Context<AppEnv>["executionCtx"] | undefined;
  try {
    executionCtx = c.executionCtx;
  } catch {
    executionCtx = undefined;
  }
  const body = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== undefined) as [string, string][]);
  const response = await app.request(
    `/api/reports?lang=${ctx.locale}`,
    { method: "POST", headers: forwarded, body },
    c.env,
    executionCtx,
  );
  if (response.status === 202) {
    // Queued (REPORT_INGEST=queue): the row is written within seconds, so show the verdict now instead of redirecting to it.
    const queued = await response.json<{
      id: string;
      component: string;
      verdict: Verdict;
      reporters_last_15m: number;
    }>();
    c.header("Content-Location", href(ctx, `/report/${queued.id}`));
    return verdictPage(c, ctx, {
      componentId: queued.component,
      symptom: values.symptom ?? "",
      verdict: queued.verdict,
      others: Math.max(0, queued.reporters_last_15m - 1),
    });
  }
  if (response.ok) {
    const { id } = await response.json<{ id: string }>();
    return c.redirect(href(ctx, `/report/${id}`), 303);
  }
  if (response.status === 429) return renderForm(c, ctx, components, values, {}, ctx.t.form.errors.rateLimited, 429);
  if (response.status >= 400 && response.status < 500) {
    const problem = await response
      .json<{ error?: { field?: string } }>()
      .catch(() => ({}) as { error?: { field?: string } });
    const field = problem.error?.field;
    if (field && ctx.t.form.errors[field])
      return renderForm(c, ctx, components, values, { [field]: ctx.t.form.errors[field]! }, undefined, 400);
    return renderForm(c, ctx, components, values, {}, ctx.t.form.errors.general, 400);
  }
  return renderForm(c, ctx, components, values, {}, ctx.t.form.errors.general, 503);
});

function notFound(c: Context<AppEnv>, ctx: PageContext) {
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

reportPages.get("/report/:id", async (c) => {
  const ctx = pageContext(c);
  const id = c.req.param("id");
  if (!REPORT_ID.test(id)) return notFound(c, ctx);
  const db = database(c.env.DB);
  const report = await findReport(db, id);
  if (!report) return notFound(c, ctx);
  const [situation, reporters] = await Promise.all([
    componentSituation(db, report.componentId, ctx.nowMs),
    distinctReportersSince(db, report.componentId, report.receivedAt - OTHERS_WINDOW_MS),
  ]);
  const verdict = describeVerdict(report.verdict as VerdictKind, ctx.config, ctx.locale, situation);
  // "Others": the reporter themself counts in the rollups unless their report was a repeat.
  const others = Math.max(0, reporters - (report.isRepeat ? 0 : 1));
  return verdictPage(c, ctx, { componentId: report.componentId, symptom: report.symptom, verdict, others });
});

/** The verdict a reporter sees: for a stored report, or right after a queued one. */
async function verdictPage(
  c: Context<AppEnv>,
  ctx: PageContext,
  shown: { componentId: string; symptom: string; verdict: Verdict; others: number },
) {
  const db = database(c.env.DB);
  const [components, active, maintenances] = await Promise.all([
    listComponents(db),
    listUnresolvedIncidents(db),
    listOpenMaintenances(db, ctx.nowMs),
  ]);
  const names = new Map(components.map((row) => [row.id, ctx.locale === "en" ? row.nameEn : row.nameZh]));
  const related = [...active, ...maintenances].filter((i) =>
    i.components.some((x) => x.componentId === shown.componentId),
  );
  // A verdict belongs to one reporter's visit: never cache it in shared caches.
  c.header("Cache-Control", "private, no-store");
  return c.html(
    "<!doctype html>" +
    (
      <Layout ctx={ctx} title={ctx.t.verdict.pageTitle}>
        <div class="narrow">
          <VerdictView
            ctx={ctx}
            verdict={shown.verdict}
            componentName={names.get(shown.componentId) ?? shown.componentId}
            symptom={shown.symptom}
            others={shown.others}
            incidents={related}
            names={names}
          />
        </div>
      </Layout>
    ),
  );
}
