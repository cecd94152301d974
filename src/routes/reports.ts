import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { Verdict } from "../config/verdict";
import { reportStats } from "../data/stats";
import type { VerdictKind } from "../domain/symptoms";
import { guardBody } from "../http/body";
import { type AppContext, type AppEnv, boardOf, pageOf, requestLocation, snapshotOf } from "../http/context";
import { ApiError } from "../http/errors";
import {
  cachedRoute,
  createRouter,
  declaredHeader,
  errorResponses,
  idParam,
  langParameter,
  langQuery,
  PUBLIC,
} from "../http/openapi";
import { isCrossSiteReport } from "../http/same-site";
import { clientIp } from "../lib/fingerprint";
import { MINUTE_MS, toIso } from "../lib/time";
import { type SituationWithTimes, tellVerdict, type VerdictSubject } from "../read-model";
import { idempotencyKeySchema, reportAnswerSchema, reportInputSchema, reportViewSchema } from "../schemas/report";
import { statsQuerySchema, statsSchema, windowMs } from "../schemas/stats";
import { verdictJson } from "../serializers/verdict";
import { evidenceNow } from "../services/evidence";
import { storedVerdict, subjectOf, submitReport } from "../services/reports";
import { href } from "../views/href";

/** The report API, mounted at /api/reports: report a problem, read a verdict again, report statistics. */
export const reportsRouter = createRouter();

reportsRouter.use("/stats", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag"] }));

/** A hostile page must not make its visitors' browsers report (src/http/same-site.ts). */
const refuseCrossSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (isCrossSiteReport(c)) {
    throw new ApiError(403, "cross_site", "Reports are accepted from this site's own pages and listed partners only");
  }
  await next();
};

async function verdictOf(c: AppContext, subject: VerdictSubject, situation: SituationWithTimes): Promise<Verdict> {
  return tellVerdict(await boardOf(c), await snapshotOf(c), c.get("locale"), subject, situation);
}

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

const IDEMPOTENCY_KEY = "Idempotency-Key";
const idempotencyKey = declaredHeader(IDEMPOTENCY_KEY, idempotencyKeySchema);

const submitRoute = createRoute({
  method: "post",
  path: "/",
  operationId: "createReport",
  tags: ["Reports"],
  summary: "Report a problem (JSON or an HTML form post); answers with a verdict",
  description:
    "The body is required, as JSON or as an HTML form post. A form post that accepts text/html is answered with a 303 to the verdict page.",
  security: PUBLIC,
  parameters: [langParameter, idempotencyKey.parameter],
  middleware: [refuseCrossSite, idempotencyKey.middleware, guardBody()],
  request: {
    body: {
      // Both media types are accepted; the body guard refuses a request without one.
      required: false,
      content: {
        "application/json": { schema: reportInputSchema },
        "application/x-www-form-urlencoded": { schema: reportInputSchema },
      },
    },
  },
  responses: {
    201: { description: "Stored", content: json(reportAnswerSchema) },
    200: {
      description: "Already stored under this Idempotency-Key: the same report",
      content: json(reportAnswerSchema),
    },
    202: {
      description: "Accepted into the report queue (REPORT_INGEST=queue); stored within seconds under this id",
      content: json(reportAnswerSchema),
    },
    303: { description: "A form post that accepts text/html: see the verdict page" },
    ...errorResponses(400, [403, "Sent from another site's page (Origin / Sec-Fetch-Site)"], 413, 415, 429, 503),
  },
});

reportsRouter.openapi(submitRoute, async (c) => {
  const isForm = (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
  const input = isForm ? c.req.valid("form") : c.req.valid("json");
  // A plain HTML form post: Post/Redirect/Get to the stored report's page.
  const wantsPage = isForm && (c.req.header("accept") ?? "").includes("text/html");
  const result = await submitReport(
    { db: c.get("db"), env: c.env, now: c.get("now"), snapshot: await snapshotOf(c) },
    {
      input,
      idempotencyKey: c.req.header(IDEMPOTENCY_KEY) ?? null,
      client: { ip: clientIp(c.req.raw.headers), userAgent: c.req.header("user-agent") ?? "" },
      location: requestLocation(c),
      storeNow: wantsPage,
    },
  );
  if (wantsPage) return c.redirect(href(pageOf(c), `/report/${result.report.id}`), 303);
  const { report, situation } = result;
  const [verdict, evidence] = await Promise.all([
    verdictOf(c, subjectOf(report, report.verdict), situation),
    evidenceNow(c.get("db"), report.componentId, situation, c.get("now")),
  ]);
  const answer = {
    id: report.id,
    component: report.componentId,
    verdict: verdictJson(verdict, { ...evidence, reporters: result.reportersLast15m }),
    reporters_last_15m: result.reportersLast15m,
  };
  if (result.outcome === "queued") return c.json({ ...answer, queued: true as const }, 202);
  return c.json(answer, result.outcome === "created" ? 201 : 200);
});

reportsRouter.openapi(
  cachedRoute(
    createRoute({
      method: "get",
      path: "/stats",
      operationId: "getReportStats",
      tags: ["Reports"],
      summary: "Distinct reporters per 5 minutes by symptom class, with the usual level",
      security: PUBLIC,
      request: { query: statsQuerySchema.extend({ lang: langQuery }) },
      responses: {
        200: { description: "OK", content: json(statsSchema) },
        ...errorResponses([400, "Bad window or unknown component"]),
      },
    }),
  ),
  async (c) => {
    const query = c.req.valid("query");
    const snapshot = await snapshotOf(c);
    if (query.component && !snapshot.componentsById.has(query.component)) {
      throw new ApiError(400, "unknown_component", `No component with id "${query.component}"`, "component");
    }
    const stats = await reportStats(c.get("db"), {
      nowMs: c.get("now"),
      windowMs: windowMs(query.window),
      componentIds: snapshot.components.map((component) => component.id),
      componentId: query.component,
    });
    c.header("Cache-Control", "public, max-age=60");
    return c.json(
      {
        from: toIso(stats.from)!,
        to: toIso(stats.to)!,
        bucket_minutes: Math.round(stats.bucketMs / MINUTE_MS),
        component: query.component ?? null,
        total: stats.total,
        buckets: stats.buckets.map((b) => ({ ...b, start: toIso(b.start)! })),
        top_symptoms: stats.topSymptoms,
        regions: stats.regions,
      },
      200,
    );
  },
);

reportsRouter.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    operationId: "getReport",
    tags: ["Reports"],
    summary: "A report's verdict again, as things stand now",
    security: PUBLIC,
    request: {
      params: idParam,
      query: z.object({ lang: langQuery }),
    },
    responses: {
      200: { description: "OK", content: json(reportViewSchema) },
      ...errorResponses(400, [404, "No such report"]),
    },
  }),
  async (c) => {
    const found = await storedVerdict(c.get("db"), await snapshotOf(c), c.req.valid("param").id, c.get("now"));
    if (!found) throw new ApiError(404, "not_found", "No such report");
    const { report, situation, kindNow, reported, since } = found;
    c.header("Cache-Control", "private, no-store");
    const verdict = await verdictOf(c, subjectOf(report, kindNow), situation);
    return c.json(
      {
        id: report.id,
        component: report.componentId,
        symptom: report.symptom,
        received_at: toIso(report.receivedAt)!,
        verdict: verdictJson(verdict, since),
        reported_kind: report.verdict as VerdictKind,
        reporters_last_15m: reported.reporters,
        reporters_since: since.reporters,
      },
      200,
    );
  },
);
