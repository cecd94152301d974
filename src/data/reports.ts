import {
  and,
  eq,
  fillPlaceholders,
  getTableColumns,
  gt,
  gte,
  inArray,
  lt,
  lte,
  type Placeholder,
  type SQL,
  sql,
  sum,
} from "drizzle-orm";
import type { Database } from "../db/client";
import { components, reportRollups, reports, symptomRollups } from "../db/schema";
import { countingWithinBatch, DEFAULT_NETWORK_REPORTER_CAP, REPEAT_WINDOW_MS } from "../detection/repeat";
import type { NewReport } from "../domain/report";
import { toHex } from "../lib/id";
import { epochMinute, MINUTE_MS } from "../lib/time";

export type ReportRow = typeof reports.$inferSelect;

/**
 * Stores reports and counts them in the rollups, in one D1 batch (one
 * transaction): either all of it is written or none, whether the batch holds
 * one report (a request) or a hundred (the queue consumer, the admin import).
 *
 * The reports travel as one JSON parameter (D1 binds at most 100 parameters
 * per statement) and are inserted by a single INSERT … SELECT FROM json_each.
 * A report whose id or idempotency key is already stored is skipped, and the
 * rollups then count only the rows carrying this batch's token: writing the
 * same report twice (a queue redelivery, a racing retry) counts it once.
 * Whether a report counts as a distinct reporter (src/detection/repeat.ts:
 * not a repeat, and within its network's share) is decided in the same
 * statement from stored rows, so concurrent writes from one reporter or one
 * network cannot all count, and beforehand for earlier reports of the same
 * batch (countingWithinBatch: in SQL that would rescan the batch's JSON for
 * every row). `networkCap` is the network rule's cap.
 *
 * With `reportersOf`, the same round trip reads back the distinct reporters of
 * that component since `sinceMs`, this batch included.
 */
export async function storeReports(
  db: Database,
  batch: readonly NewReport[],
  options: { reportersOf?: { componentId: string; sinceMs: number }; networkCap?: number } = {},
): Promise<{ stored: number; reporters: number }> {
  if (batch.length === 0) return { stored: 0, reporters: 0 };
  const { reportersOf } = options;
  const inBatch = countingWithinBatch(batch);
  const values = {
    rows: JSON.stringify(
      batch.map((report, i) => ({
        ...report,
        repeatInBatch: inBatch[i]!.repeat ? 1 : 0,
        networkSlot: inBatch[i]!.networkSlot,
      })),
    ),
    cap: options.networkCap ?? DEFAULT_NETWORK_REPORTER_CAP,
    // Only the ids for the rollups, not the rows again: every parameter travels to D1 once per statement.
    ids: JSON.stringify(batch.map((report) => report.id)),
    token: crypto.randomUUID(),
    ...(reportersOf ? { componentId: reportersOf.componentId, sinceMinute: epochMinute(reportersOf.sinceMs) } : {}),
  };
  const statements = storeStatements(db);
  const results = await db.$client.batch(
    [...statements.writes, ...(reportersOf ? [statements.reportersSince] : [])].map((statement) =>
      statement.bind(values),
    ),
  );
  const readBack = results[statements.writes.length]?.results[0] as Record<string, unknown> | undefined;
  return { stored: results[0]?.meta.changes ?? 0, reporters: Number(readBack ? (Object.values(readBack)[0] ?? 0) : 0) };
}

/** A query drizzle renders once per isolate; each use binds values to its placeholders. */
interface BuiltStatement {
  bind(values: Record<string, unknown>): D1PreparedStatement;
}

function built(db: Database, query: { toSQL(): { sql: string; params: unknown[] } }): BuiltStatement {
  const { sql: text, params } = query.toSQL();
  const statement = db.$client.prepare(text);
  return { bind: (values) => statement.bind(...fillPlaceholders(params, values)) };
}

// Rendering these statements cost more CPU than everything else a direct
// report does; their text never changes, so each client renders them once.
const storeStatementsByClient = new WeakMap<Database, { writes: BuiltStatement[]; reportersSince: BuiltStatement }>();

function storeStatements(db: Database) {
  let statements = storeStatementsByClient.get(db);
  if (!statements) {
    statements = renderStoreStatements(db);
    storeStatementsByClient.set(db, statements);
  }
  return statements;
}

/** The fields a report travels with in the batch's JSON: a stored report's own, and the in-batch counting. */
const BATCH_FIELDS = [
  "id",
  "componentId",
  "symptom",
  "symptomClass",
  "messageSeen",
  "region",
  "platform",
  "otherMethodsWork",
  "occurredAt",
  "receivedAt",
  "fingerprint",
  "verdict",
  "idempotencyKey",
  "network",
  "countedRegion",
  "repeatInBatch",
  "networkSlot",
] as const satisfies readonly (keyof NewReport | "repeatInBatch" | "networkSlot")[];

function renderStoreStatements(db: Database) {
  const rows = sql.placeholder("rows");
  const token = sql.placeholder("token");
  const window = sql.raw(String(REPEAT_WINDOW_MS));
  // Each field is read out of the JSON once, into a materialised row: a report's subqueries then compare
  // plain columns instead of parsing its JSON again for every reference.
  const column = (name: (typeof BATCH_FIELDS)[number]) => sql.raw(`b."${name}"`);
  const batchRows = sql.raw(
    `SELECT ${BATCH_FIELDS.map((name) => `j.value ->> '${name}' AS "${name}"`).join(", ")} FROM json_each(`,
  );
  const within = sql`${reports.componentId} = ${column("componentId")}
    AND ${reports.receivedAt} > ${column("receivedAt")} - ${window} AND ${reports.receivedAt} < ${column("receivedAt")} + ${window}`;
  // The counting rules (src/detection/repeat.ts) against the stored rows, decided inside the write so that
  // concurrent reports of one reporter or one network cannot all count: the repeat rule, and how many
  // reporters the network already contributes.
  const candidates = sql`WITH b AS MATERIALIZED (${batchRows}${rows}) j)
    SELECT b.*,
      (${column("repeatInBatch")} OR EXISTS (
        SELECT 1 FROM ${reports} WHERE ${reports.fingerprint} = ${column("fingerprint")} AND ${within}
      )) AS rep,
      (SELECT count(*) FROM ${reports}
        WHERE ${reports.network} = ${column("network")} AND ${reports.counted} = 1 AND ${within}) AS net
    FROM b
    -- A component deleted while its reports waited in the queue: drop them rather than fail the whole batch.
    WHERE EXISTS (SELECT 1 FROM ${components} WHERE ${components.id} = ${column("componentId")})`;
  const field = (name: (typeof BATCH_FIELDS)[number]) => sql.raw(`t."${name}"`);
  const columnValue: Record<string, SQL> = {
    isRepeat: sql`t.rep`,
    counted: sql`(NOT t.rep AND t.net + ${field("networkSlot")} < ${sql.placeholder("cap")})`,
    ingestBatch: sql`${token}`,
  };
  // One expression per column, in the table's own order (INSERT … SELECT fills columns by position).
  const columnValues = Object.keys(getTableColumns(reports)).map(
    (key) => columnValue[key] ?? field(key as (typeof BATCH_FIELDS)[number]),
  );
  const insert = db
    .insert(reports)
    // WHERE true: without a WHERE, SQLite would read ON CONFLICT as a join constraint (its upsert parsing rule).
    .select(sql`SELECT ${sql.join(columnValues, sql`, `)} FROM (${candidates}) t WHERE true`)
    .onConflictDoNothing();

  const storedHere = sql`${reports.id} IN (SELECT value FROM json_each(${sql.placeholder("ids")})) AND ${reports.ingestBatch} = ${token}`;
  // Inlined, not bound: D1 binds JavaScript numbers as REAL, which would turn this into a fractional division.
  const minute = sql`${reports.occurredAt} / ${sql.raw(String(MINUTE_MS))}`;
  const countClasses = db
    .insert(reportRollups)
    .select(
      sql`SELECT ${reports.componentId}, ${minute}, ${reports.symptomClass}, coalesce(${reports.countedRegion}, ''),
          sum(${reports.counted}), count(*)
        FROM ${reports} WHERE ${storedHere} GROUP BY 1, 2, 3, 4`,
    )
    .onConflictDoUpdate({
      target: [reportRollups.componentId, reportRollups.minute, reportRollups.symptomClass, reportRollups.region],
      set: {
        reporters: sql`${reportRollups.reporters} + excluded.${sql.identifier(reportRollups.reporters.name)}`,
        reports: sql`${reportRollups.reports} + excluded.${sql.identifier(reportRollups.reports.name)}`,
      },
    });
  const countSymptoms = db
    .insert(symptomRollups)
    .select(
      sql`SELECT ${reports.componentId}, ${minute}, ${reports.symptom}, sum(${reports.counted})
        FROM ${reports} WHERE ${storedHere} GROUP BY 1, 2, 3`,
    )
    .onConflictDoUpdate({
      target: [symptomRollups.componentId, symptomRollups.minute, symptomRollups.symptom],
      set: { reporters: sql`${symptomRollups.reporters} + excluded.${sql.identifier(symptomRollups.reporters.name)}` },
    });
  const reportersSince = reportersSinceQuery(db, sql.placeholder("componentId"), sql.placeholder("sinceMinute"));
  return {
    writes: [built(db, insert), built(db, countClasses), built(db, countSymptoms)],
    reportersSince: built(db, reportersSince),
  };
}

/** Distinct reporters of a component since a minute; the values may be placeholders bound later. */
function reportersSinceQuery(db: Database, componentId: string | Placeholder, sinceMinute: number | Placeholder) {
  return db
    .select({ total: sum(reportRollups.reporters) })
    .from(reportRollups)
    .where(and(eq(reportRollups.componentId, componentId), gte(reportRollups.minute, sinceMinute)));
}

/**
 * The report id a retried request gets again: derived from its Idempotency-Key,
 * so a retry that arrives while the first attempt still waits in the queue
 * carries the same id and is stored once.
 */
export async function reportIdForKey(idempotencyKey: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`report:${idempotencyKey}`)),
  );
  // Shaped as a UUID (version 8: custom) so it reads like every other report id.
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = toHex(digest.slice(0, 16));
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export async function findReport(db: Database, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id)).limit(1);
  return row;
}

export async function findReportByIdempotencyKey(db: Database, key: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.idempotencyKey, key)).limit(1);
  return row;
}

/** Distinct reporters of one component since `sinceMs`, from the rollups. */
export async function distinctReportersSince(db: Database, componentId: string, sinceMs: number): Promise<number> {
  const [row] = await reportersSinceQuery(db, componentId, epochMinute(sinceMs));
  return Number(row?.total ?? 0);
}

/** Distinct reporters of one component between two moments (minutes, both ends included) and in how many provinces. */
export async function reportersBetween(
  db: Database,
  componentId: string,
  fromMs: number,
  toMs: number,
): Promise<{ reporters: number; provinces: number }> {
  const [row] = await db
    .select({
      reporters: sum(reportRollups.reporters),
      provinces: sql<number>`COUNT(DISTINCT CASE WHEN ${reportRollups.reporters} > 0 THEN NULLIF(${reportRollups.region}, '') END)`,
    })
    .from(reportRollups)
    .where(
      and(
        eq(reportRollups.componentId, componentId),
        gte(reportRollups.minute, epochMinute(fromMs)),
        lte(reportRollups.minute, epochMinute(toMs)),
      ),
    );
  return { reporters: Number(row?.reporters ?? 0), provinces: Number(row?.provinces ?? 0) };
}

/** How many reports one network sent since `sinceMs`, and the oldest of them (for the D1 rate limit). */
export async function networkActivitySince(
  db: Database,
  network: string,
  sinceMs: number,
): Promise<{ count: number; oldest: number | null }> {
  const [row] = await db
    .select({ count: sql<number>`COUNT(*)`, oldest: sql<number | null>`MIN(${reports.receivedAt})` })
    .from(reports)
    .where(and(eq(reports.network, network), gt(reports.receivedAt, sinceMs)));
  return { count: Number(row?.count ?? 0), oldest: row?.oldest ?? null };
}

/**
 * Deletes up to `batchSize` raw reports received before `cutoffMs`; rollups
 * stay. Bounded per call so one cron run never holds the database for long.
 * Returns how many rows were deleted.
 */
export async function deleteReportsReceivedBefore(db: Database, cutoffMs: number, batchSize = 5000): Promise<number> {
  const oldest = db
    .select({ id: reports.id })
    .from(reports)
    .where(lt(reports.receivedAt, cutoffMs))
    .orderBy(reports.receivedAt)
    .limit(batchSize);
  const result = await db.delete(reports).where(inArray(reports.id, oldest));
  return result.meta.changes ?? 0;
}
