import { createRoute, z } from "@hono/zod-openapi";
import { findSymptom } from "../../config/symptom-profiles";
import { reportsPage } from "../../data/report-export";
import { type ReportRow, storeReports } from "../../data/reports";
import { newReport } from "../../domain/report";
import { decodeUtf8, isWellFormedJson, readLimited } from "../../http/body";
import { boardOf } from "../../http/context";
import { ApiError, validationError } from "../../http/errors";
import { createRouter } from "../../http/openapi";
import { keyedHash } from "../../lib/fingerprint";
import { DAY_MS, MINUTE_MS, toIso } from "../../lib/time";
import { snapshotOfComponent } from "../../read-model";
import { reportInputSchema } from "../../schemas/report";
import { admin, adminErrors } from "./common";

/**
 * Reports out and in as NDJSON. Export carries what is stored (message_seen
 * already redacted) and never the fingerprint. Import is a backfill from
 * another source: each line passes the public endpoint's field validation and
 * redaction, and the whole file is refused if any line is wrong.
 */
export const adminReportsRouter = createRouter();
const TAG = "Admin: reports";
const MAX_IMPORT_BYTES = 1024 * 1024;
const MAX_IMPORT_LINES = 2000;
/** Reports per D1 batch: 200 maximal reports stay far below D1's 2 MB limit on one bound value. */
const IMPORT_CHUNK = 200;
const MAX_EXPORT_RANGE_MS = 92 * DAY_MS;

const exportQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).openapi({ example: "2026-11-01T00:00:00+08:00" }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Default now" }),
  })
  .refine((q) => (q.to ? Date.parse(q.to) : Date.now()) > Date.parse(q.from), {
    message: "to must be after from",
    path: ["to"],
  })
  .refine((q) => (q.to ? Date.parse(q.to) : Date.now()) - Date.parse(q.from) <= MAX_EXPORT_RANGE_MS, {
    message: "Export at most 92 days at a time",
    path: ["from"],
  });

/** One exported line (also what import accepts, plus optional `id` and `reporter`). */
export const exportLineSchema = z
  .object({
    id: z.string(),
    component: z.string(),
    symptom: z.string(),
    symptom_class: z.string(),
    message_seen: z.string().nullable(),
    region: z.string().nullable(),
    platform: z.string().nullable(),
    other_methods_work: z.string(),
    occurred_at: z.string(),
    received_at: z.string(),
    is_repeat: z.boolean(),
    verdict: z.string(),
  })
  .openapi("ReportExportLine");

/** The public report fields, with occurred_at required (a backfill has no "now") and any age allowed. */
const importLineSchema = reportInputSchema
  .extend({
    occurred_at: z.iso.datetime({ offset: true }),
    id: z.uuid().optional().openapi({ description: "Makes re-imports idempotent" }),
    reporter: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .openapi({ description: "The source's opaque reporter key, so repeats count once; hashed before storage" }),
  })
  .openapi("ReportImportLine");

function lineOut(row: ReportRow) {
  return {
    id: row.id,
    component: row.componentId,
    symptom: row.symptom,
    symptom_class: row.symptomClass,
    message_seen: row.messageSeen,
    region: row.region,
    platform: row.platform,
    other_methods_work: row.otherMethodsWork,
    occurred_at: toIso(row.occurredAt)!,
    received_at: toIso(row.receivedAt)!,
    is_repeat: row.isRepeat,
    verdict: row.verdict,
  };
}

adminReportsRouter.openapi(
  createRoute({
    method: "get",
    path: "/export",
    operationId: "adminExportReports",
    summary: "Export reports received in a time range as NDJSON (redacted, no fingerprints)",
    ...admin(TAG),
    request: { query: exportQuerySchema },
    responses: {
      200: {
        description: "One JSON object per line",
        content: { "application/x-ndjson": { schema: exportLineSchema } },
      },
      ...adminErrors(),
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const from = Date.parse(query.from);
    const to = query.to ? Date.parse(query.to) : c.get("now");
    const db = c.get("db");
    const encoder = new TextEncoder();
    let after: { receivedAt: number; id: string } | null = null;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const rows = await reportsPage(db, from, to, after);
        if (rows.length === 0) return controller.close();
        const last = rows[rows.length - 1]!;
        after = { receivedAt: last.receivedAt, id: last.id };
        controller.enqueue(encoder.encode(rows.map((row) => `${JSON.stringify(lineOut(row))}\n`).join("")));
      },
    });
    const response = c.body(stream, 200, {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="reports-${query.from.slice(0, 10)}.ndjson"`,
    });
    // The typed-response check knows only JSON bodies; this one is a stream of JSON lines.
    return response as never;
  },
);

async function readNdjson(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-ndjson" && type !== "application/jsonl" && type !== "application/json-seq") {
    throw new ApiError(415, "unsupported_media_type", "Send application/x-ndjson: one JSON object per line");
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES) {
    throw new ApiError(413, "payload_too_large", `At most ${MAX_IMPORT_BYTES} bytes per import`);
  }
  // Streamed with a stop at the limit: a chunked body without Content-Length is never buffered whole.
  return decodeUtf8(await readLimited(request, MAX_IMPORT_BYTES));
}

/** One NDJSON line, checked against the declared line schema; a bad line names itself in the error. */
function parseLine(line: string, number: number): z.infer<typeof importLineSchema> {
  const where = `line ${number}`;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ApiError(400, "invalid_json", `Line ${number} is not valid JSON`, where);
  }
  if (!isWellFormedJson(value)) {
    throw new ApiError(400, "invalid_encoding", `Line ${number} holds a lone surrogate: not valid Unicode text`, where);
  }
  const parsed = importLineSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const error = validationError(parsed.error, where);
  throw new ApiError(400, error.code, `Line ${number}: ${error.message.replace(`${where}.`, "")}`, error.field);
}

adminReportsRouter.openapi(
  createRoute({
    method: "post",
    path: "/import",
    operationId: "adminImportReports",
    summary: "Import reports from NDJSON (backfill); all lines valid or nothing stored",
    ...admin(TAG),
    request: { body: { required: true, content: { "application/x-ndjson": { schema: importLineSchema } } } },
    responses: {
      200: {
        description: "Imported",
        content: {
          "application/json": {
            schema: z.object({ imported: z.number().int(), skipped: z.number().int() }).openapi("ReportImportResult"),
          },
        },
      },
      ...adminErrors(413, 415),
    },
  }),
  async (c) => {
    const text = await readNdjson(c.req.raw);
    const lines = text
      .split(/\r?\n/)
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line }) => line.trim() !== "");
    if (lines.length === 0) throw new ApiError(400, "invalid_body", "No lines to import");
    if (lines.length > MAX_IMPORT_LINES) {
      throw new ApiError(413, "payload_too_large", `At most ${MAX_IMPORT_LINES} lines per import`);
    }
    const now = c.get("now");
    const board = await boardOf(c);
    const parsed = lines.map(({ line, number }) => {
      const input = parseLine(line, number);
      const occurredAt = Date.parse(input.occurred_at);
      if (occurredAt > now + MINUTE_MS) {
        throw new ApiError(
          400,
          "invalid_field",
          `Line ${number}: occurred_at is in the future`,
          `line ${number}.occurred_at`,
        );
      }
      const service = snapshotOfComponent(board, input.component)?.service;
      if (!service) {
        throw new ApiError(
          400,
          "unknown_component",
          `Line ${number}: no component "${input.component}"`,
          `line ${number}.component`,
        );
      }
      const symptom = findSymptom(service, input.symptom);
      if (!symptom) {
        throw new ApiError(
          400,
          "unknown_symptom",
          `Line ${number}: ${service.id} has no symptom "${input.symptom}"`,
          `line ${number}.symptom`,
        );
      }
      return { input, occurredAt, symptomClass: symptom.class };
    });

    const secret = c.env.FINGERPRINT_SECRET ?? "import";
    const rows = [];
    for (const { input, occurredAt, symptomClass } of parsed) {
      const reporter = await keyedHash(secret, `import:${input.reporter ?? crypto.randomUUID()}`);
      rows.push(
        newReport(input, {
          symptomClass,
          occurredAt,
          // A backfilled report counts when it happened: rollups and repeat marking use this time.
          receivedAt: occurredAt,
          fingerprint: reporter,
          // The source knows no networks: each reporter is its own, and its stated region counts.
          network: reporter,
          // What the reporter would have been told is unknown; record the verdict with no known incident.
          situation: { maintenance: false, outage: false, accountWave: false },
          // A line with an id is imported once, however often the file is sent.
          idempotencyKey: input.id ? `import:${input.id}` : null,
        }),
      );
    }
    let imported = 0;
    // Lines already imported are skipped inside the write; chunks keep each D1 parameter well under its size limit.
    for (let start = 0; start < rows.length; start += IMPORT_CHUNK) {
      imported += (await storeReports(c.get("db"), rows.slice(start, start + IMPORT_CHUNK))).stored;
    }
    return c.json({ imported, skipped: rows.length - imported }, 200);
  },
);
