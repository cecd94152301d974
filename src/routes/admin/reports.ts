import { OpenAPIHono, z } from "@hono/zod-openapi";
import { findComponent } from "../../data/components";
import { reportsPage } from "../../data/report-export";
import { newReport, type ReportRow, storeReports } from "../../data/reports";
import type { AppEnv } from "../../env";
import { isWellFormedJson, readLimited, validate } from "../../lib/body";
import { ApiError } from "../../lib/errors";
import { documented } from "../../lib/openapi-route";
import { DAY_MS, MINUTE_MS, toIso } from "../../lib/time";
import { reportInputSchema } from "../../schemas/report";
import { adminRoute, db } from "./common";

/**
 * Reports out and in as NDJSON. Export carries what is stored (message_seen
 * already redacted) and never the fingerprint. Import is a backfill from
 * another source: each line passes the public endpoint's field validation and
 * redaction, and the whole file is refused if any line is wrong.
 */
export const adminReportsRouter = new OpenAPIHono<AppEnv>();
const TAG = "Admin: reports";
const MAX_IMPORT_BYTES = 1024 * 1024;
const MAX_IMPORT_LINES = 2000;
/** Reports per D1 batch: 200 maximal reports stay far below D1's 2 MB limit on one bound value. */
const IMPORT_CHUNK = 200;
const MAX_EXPORT_RANGE_MS = 92 * DAY_MS;

const exportQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).openapi({ example: "2026-11-01T00:00:00+08:00" }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Default now" }),
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

documented(
  adminReportsRouter,
  {
    ...adminRoute(
      "get",
      "/api/admin/reports/export",
      "Export reports received in a time range as NDJSON (redacted, no fingerprints)",
      { tag: TAG, query: exportQuerySchema },
    ),
    responses: {
      200: {
        description: "One JSON object per line",
        content: { "application/x-ndjson": { schema: exportLineSchema } },
      },
    },
  },
  async (c) => {
    const query = validate(exportQuerySchema, c.req.query());
    const from = Date.parse(query.from);
    const to = query.to ? Date.parse(query.to) : Date.now();
    if (!(to > from)) throw new ApiError(400, "invalid_field", "to must be after from", "to");
    if (to - from > MAX_EXPORT_RANGE_MS)
      throw new ApiError(400, "invalid_field", "Export at most 92 days at a time", "from");
    const database = db(c);
    const encoder = new TextEncoder();
    let after: { receivedAt: number; id: string } | null = null;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const rows = await reportsPage(database, from, to, after);
        if (rows.length === 0) return controller.close();
        const last = rows[rows.length - 1]!;
        after = { receivedAt: last.receivedAt, id: last.id };
        controller.enqueue(encoder.encode(rows.map((row) => `${JSON.stringify(lineOut(row))}\n`).join("")));
      },
    });
    return c.body(stream, 200, {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="reports-${query.from.slice(0, 10)}.ndjson"`,
    });
  },
);

async function readNdjson(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-ndjson" && type !== "application/jsonl" && type !== "application/json-seq") {
    throw new ApiError(415, "unsupported_media_type", "Send application/x-ndjson: one JSON object per line");
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES)
    throw new ApiError(413, "payload_too_large", `At most ${MAX_IMPORT_BYTES} bytes per import`);
  // Streamed with a stop at the limit: a chunked body without Content-Length is never buffered whole.
  const bytes = await readLimited(request, MAX_IMPORT_BYTES);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, "invalid_encoding", "The body is not valid UTF-8");
  }
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
  return [...mac.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

documented(
  adminReportsRouter,
  {
    ...adminRoute(
      "post",
      "/api/admin/reports/import",
      "Import reports from NDJSON (backfill); all lines valid or nothing stored",
      {
        tag: TAG,
        ok: {
          status: 200,
          schema: z.object({ imported: z.number().int(), skipped: z.number().int() }).openapi("ReportImportResult"),
        },
      },
    ),
    request: { body: { required: true, content: { "application/x-ndjson": { schema: importLineSchema } } } },
  },
  async (c) => {
    const text = await readNdjson(c.req.raw);
    const lines = text
      .split(/\r?\n/)
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line }) => line.trim() !== "");
    if (lines.length === 0) throw new ApiError(400, "invalid_body", "No lines to import");
    if (lines.length > MAX_IMPORT_LINES)
      throw new ApiError(413, "payload_too_large", `At most ${MAX_IMPORT_LINES} lines per import`);
    const now = Date.now();
    const database = db(c);
    const knownComponents = new Map<string, boolean>();
    const parsed = [];
    for (const { line, number } of lines) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new ApiError(400, "invalid_json", `Line ${number} is not valid JSON`, `line ${number}`);
      }
      if (!isWellFormedJson(value))
        throw new ApiError(
          400,
          "invalid_encoding",
          `Line ${number} holds a lone surrogate: not valid Unicode text`,
          `line ${number}`,
        );
      let input: z.infer<typeof importLineSchema>;
      try {
        input = validate(importLineSchema, value);
      } catch (error) {
        if (error instanceof ApiError)
          throw new ApiError(
            400,
            error.code,
            `Line ${number}: ${error.message}`,
            `line ${number}${error.field ? `.${error.field}` : ""}`,
          );
        throw error;
      }
      const occurredAt = Date.parse(input.occurred_at);
      if (occurredAt > now + MINUTE_MS)
        throw new ApiError(
          400,
          "invalid_field",
          `Line ${number}: occurred_at is in the future`,
          `line ${number}.occurred_at`,
        );
      if (!knownComponents.has(input.component))
        knownComponents.set(input.component, Boolean(await findComponent(database, input.component)));
      if (!knownComponents.get(input.component))
        throw new ApiError(
          400,
          "unknown_component",
          `Line ${number}: no component "${input.component}"`,
          `line ${number}.component`,
        );
      parsed.push({ input, occurredAt });
    }

    const secret = c.env.FINGERPRINT_SECRET ?? "import";
    const rows = [];
    for (const { input, occurredAt } of parsed) {
      rows.push(
        newReport(input, {
          occurredAt,
          // A backfilled report counts when it happened: rollups and repeat marking use this time.
          receivedAt: occurredAt,
          fingerprint: await hmacHex(secret, `import:${input.reporter ?? crypto.randomUUID()}`),
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
      imported += (await storeReports(database, rows.slice(start, start + IMPORT_CHUNK))).stored;
    }
    const skipped = rows.length - imported;
    return c.json({ imported, skipped });
  },
);
