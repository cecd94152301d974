import { Hono } from "hono";
import { serviceConfig } from "../config/service";
import {
  CONTEXT_MEMO_MS,
  distinctReportersSince,
  findReport,
  findReportByIdempotencyKey,
  loadReportContext,
  newReport,
  type ReportRow,
  reportIdForKey,
  storeReports,
} from "../data/reports";
import { componentSituation } from "../data/situation";
import { database } from "../db/client";
import type { VerdictKind } from "../domain/symptoms";
import { describeVerdict } from "../domain/verdict";
import type { AppEnv } from "../env";
import { pickLocale } from "../i18n/locale";
import { readBody, validate } from "../lib/body";
import { edgeCacheTtl } from "../lib/edge-cache";
import { ApiError } from "../lib/errors";
import { clientIp, fingerprint } from "../lib/fingerprint";
import { enforceReportRateLimit } from "../lib/rate-limit";
import { MINUTE_MS } from "../lib/time";
import { checkOccurredAt, reportInputSchema } from "../schemas/report";

export const reportsRouter = new Hono<AppEnv>();

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;
/** "How many others reported the same" looks back this far. */
const OTHERS_WINDOW_MS = 15 * MINUTE_MS;

// Used only when FINGERPRINT_SECRET is missing: fingerprints then stay stable
// within one isolate at least. `npm start` and deploys always set the secret.
// Made lazily: Workers forbid generating random values in global scope.
let fallbackSecret: string | undefined;
function fingerprintSecret(configured: string | undefined): string {
  if (configured) return configured;
  fallbackSecret ??= crypto.randomUUID();
  return fallbackSecret;
}

reportsRouter.post("/api/reports", async (c) => {
  const now = Date.now();
  const locale = pickLocale(
    c.req.query("lang"),
    c.req.header("accept-language"),
    c.env.DEFAULT_LOCALE === "en" ? "en" : "zh-CN",
  );
  const { format, data } = await readBody(c);
  // A plain HTML form post: answered with a redirect to the stored report's page.
  const wantsPage = format === "form" && (c.req.header("accept") ?? "").includes("text/html");
  const input = validate(reportInputSchema, data);
  const occurred = checkOccurredAt(input.occurred_at, now);
  if (!occurred.ok) throw new ApiError(400, "invalid_field", occurred.message, "occurred_at");

  const idempotencyKey = c.req.header("idempotency-key") ?? null;
  if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ApiError(
      400,
      "invalid_header",
      "Idempotency-Key must be 8 to 128 printable ASCII characters",
      "Idempotency-Key",
    );
  }

  const db = database(c.env.DB);
  // EDGE_CACHE_TTL=0 turns every read cache off, this short memo included.
  const memoMs = edgeCacheTtl(c.env) === 0 ? 0 : CONTEXT_MEMO_MS;
  const { component, situation, reporters, previous } = await loadReportContext(
    db,
    input.component,
    idempotencyKey,
    now,
    memoMs,
    now - OTHERS_WINDOW_MS,
  );
  if (!component)
    throw new ApiError(400, "unknown_component", `No component with id "${input.component}"`, "component");
  if (previous)
    return respond(previous, 200, await distinctReportersSince(db, previous.componentId, now - OTHERS_WINDOW_MS));

  const secret = fingerprintSecret(c.env.FINGERPRINT_SECRET);
  const reporter = await fingerprint(secret, clientIp(c.req.raw.headers), c.req.header("user-agent") ?? "", now);
  await enforceReportRateLimit(c.env, db, reporter, now);

  const report = newReport(
    { ...input, component: component.id },
    {
      id: idempotencyKey ? await reportIdForKey(idempotencyKey) : undefined,
      occurredAt: occurred.at,
      receivedAt: now,
      fingerprint: reporter,
      situation,
      idempotencyKey,
    },
  );

  // A plain HTML form post is redirected to the stored report's page, so it is always written at once.
  const queue = wantsPage ? undefined : reportQueue(c.env);
  if (queue) {
    // Queued: answered now, written by the consumer within seconds. The count is
    // the stored one (at most CONTEXT_MEMO_MS old) plus this reporter.
    try {
      // The default "v8" content type: structured clone, no JSON text made and parsed again on the way.
      await queue.send(report);
    } catch (error) {
      console.error("queueing a report failed", error);
      throw new ApiError(
        503,
        "storage_unavailable",
        "Reports cannot be accepted right now, please retry shortly",
        undefined,
        { "Retry-After": "5" },
      );
    }
    return respond(report, 202, reporters + 1);
  }

  const { stored, reporters: reportersNow } = await storeReports(db, [report], {
    componentId: report.componentId,
    sinceMs: now - OTHERS_WINDOW_MS,
  });
  if (stored === 0) {
    // A retry racing the first attempt: its key (so its id) is stored already; answer with the stored report.
    const earlier = idempotencyKey ? await findReportByIdempotencyKey(db, idempotencyKey) : undefined;
    if (!earlier) throw new Error(`report ${report.id} was not stored`);
    return respond(earlier, 200, reportersNow);
  }
  return respond(report, 201, reportersNow);

  function respond(row: Pick<ReportRow, "id" | "componentId" | "verdict">, status: 200 | 201 | 202, others: number) {
    if (wantsPage) {
      // The no-JavaScript form: Post/Redirect/Get to the verdict page.
      return c.redirect(`/report/${row.id}${locale === "en" ? "?lang=en" : ""}`, 303);
    }
    const verdict = describeVerdict(row.verdict as VerdictKind, serviceConfig(c.env), locale, situation);
    return c.json(
      {
        id: row.id,
        component: row.componentId,
        verdict,
        reporters_last_15m: others,
        ...(status === 202 ? { queued: true } : {}),
      },
      status,
    );
  }
});

/** The report queue when REPORT_INGEST=queue and the producer is bound; otherwise requests write to D1 themselves. */
function reportQueue(env: AppEnv["Bindings"]) {
  return env.REPORT_INGEST === "queue" ? env.REPORT_QUEUE : undefined;
}

reportsRouter.get("/api/reports/:id", async (c) => {
  const id = c.req.param("id");
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new ApiError(404, "not_found", "No such report");
  const db = database(c.env.DB);
  const row = await findReport(db, id);
  if (!row) throw new ApiError(404, "not_found", "No such report");
  const locale = pickLocale(c.req.query("lang"), c.req.header("accept-language"));
  const situation = await componentSituation(db, row.componentId, Date.now());
  const verdict = describeVerdict(row.verdict as VerdictKind, serviceConfig(c.env), locale, situation);
  const others = await distinctReportersSince(db, row.componentId, row.receivedAt - OTHERS_WINDOW_MS);
  return c.json({
    id: row.id,
    component: row.componentId,
    symptom: row.symptom,
    received_at: new Date(row.receivedAt).toISOString(),
    verdict,
    reporters_last_15m: others,
  });
});
