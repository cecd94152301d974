import { and, gt, gte, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { recoveries, reports } from "../db/schema";
import type { RecoveryRow } from "../detection";
import { DEFAULT_NETWORK_REPORTER_CAP, REPEAT_WINDOW_MS } from "../detection/repeat";
import { appendTo } from "../lib/multimap";
import { MINUTE_MS } from "../lib/time";
import { inIds } from "./in-ids";

/** One "it works again" as the Worker stores it: the reporter's two keyed hashes, never the address. */
export interface NewRecovery {
  id: string;
  componentId: string;
  receivedAt: number;
  fingerprint: string;
  network: string;
}

/**
 * Stores one recovery and reads back the distinct people who said it works
 * again on its component since `sinceMs`, in one D1 batch. Whether it counts
 * is decided inside the INSERT from the stored rows, with the reports'
 * counting rules (src/detection/repeat.ts): the same fingerprint on the same
 * component within 30 minutes is a repeat, and a network counts at most `cap`
 * people per component within 30 minutes. So concurrent clicks of one person
 * or one network cannot all count, and nothing is half-written.
 */
export async function storeRecovery(
  db: Database,
  recovery: NewRecovery,
  options: { sinceMs: number; networkCap?: number },
): Promise<{ counted: boolean; recoveries: number }> {
  const cap = options.networkCap ?? DEFAULT_NETWORK_REPORTER_CAP;
  const window = sql.raw(String(REPEAT_WINDOW_MS));
  const near = sql`${recoveries.componentId} = ${recovery.componentId}
    AND ${recoveries.receivedAt} > ${recovery.receivedAt} - ${window}
    AND ${recoveries.receivedAt} < ${recovery.receivedAt} + ${window}`;
  const counted = sql`(NOT EXISTS (SELECT 1 FROM ${recoveries} WHERE ${recoveries.fingerprint} = ${recovery.fingerprint} AND ${near})
    AND (SELECT count(*) FROM ${recoveries} WHERE ${recoveries.network} = ${recovery.network} AND ${recoveries.counted} = 1 AND ${near}) < ${cap})`;
  const insert = db
    .insert(recoveries)
    .select(
      sql`SELECT ${recovery.id}, ${recovery.componentId}, ${recovery.receivedAt}, ${recovery.fingerprint}, ${recovery.network}, ${counted}`,
    );
  const [, stored, counts] = await db.batch([
    insert,
    db.select({ counted: recoveries.counted }).from(recoveries).where(sql`${recoveries.id} = ${recovery.id}`),
    recoveryCountQuery(db, { [recovery.componentId]: options.sinceMs }),
  ] as const);
  return { counted: stored[0]?.counted === true, recoveries: Number(counts[0]?.people ?? 0) };
}

/** Distinct people who said it works again, per component, each since its own instant (a JSON object id → ms). */
function recoveryCountQuery(db: Database, since: Record<string, number>) {
  return db
    .select({
      componentId: recoveries.componentId,
      people: sql<number>`count(DISTINCT ${recoveries.fingerprint})`,
    })
    .from(recoveries)
    .innerJoin(sql`json_each(${JSON.stringify(since)}) AS since`, sql`since.key = ${recoveries.componentId}`)
    .where(and(sql`${recoveries.counted} = 1`, sql`${recoveries.receivedAt} >= since.value`))
    .groupBy(recoveries.componentId);
}

/**
 * Distinct people who said it works again, per component since its own
 * instant: counted recoveries only, each fingerprint once, so repeats never
 * inflate it. Components without any are left out.
 */
export async function recoveryCounts(db: Database, since: Record<string, number>): Promise<Map<string, number>> {
  if (Object.keys(since).length === 0) return new Map();
  const rows = await recoveryCountQuery(db, since);
  return new Map(rows.map((row) => [row.componentId, Number(row.people)]));
}

/** Counted recoveries per component and minute, minute in [fromMinute, untilMinute): the detector's input. */
export async function recoveriesBetween(
  db: Database,
  fromMinute: number,
  untilMinute: number,
  componentIds?: readonly string[],
): Promise<Map<string, RecoveryRow[]>> {
  // Inlined, not bound: D1 binds JavaScript numbers as REAL, which would turn this into a fractional division.
  const minute = sql<number>`${recoveries.receivedAt} / ${sql.raw(String(MINUTE_MS))}`;
  const rows = await db
    .select({ componentId: recoveries.componentId, minute, people: sql<number>`sum(${recoveries.counted})` })
    .from(recoveries)
    .where(
      and(
        gte(recoveries.receivedAt, fromMinute * MINUTE_MS),
        lt(recoveries.receivedAt, untilMinute * MINUTE_MS),
        componentIds ? inIds(recoveries.componentId, componentIds) : undefined,
      ),
    )
    .groupBy(recoveries.componentId, minute)
    .orderBy(recoveries.componentId, minute);
  const byComponent = new Map<string, RecoveryRow[]>();
  for (const row of rows) {
    if (Number(row.people) > 0)
      appendTo(byComponent, row.componentId, { minute: Number(row.minute), recoveries: Number(row.people) });
  }
  return byComponent;
}

/**
 * What one network sent since `sinceMs`, reports and recoveries together, and
 * the oldest of it: the D1 fallback of the per-network rate limit, which both
 * share (one allowance per network).
 */
export async function networkWritesSince(
  db: Database,
  network: string,
  sinceMs: number,
): Promise<{ count: number; oldest: number | null }> {
  const [fromReports, fromRecoveries] = await db.batch([
    db
      .select({ count: sql<number>`COUNT(*)`, oldest: sql<number | null>`MIN(${reports.receivedAt})` })
      .from(reports)
      .where(and(sql`${reports.network} = ${network}`, gt(reports.receivedAt, sinceMs))),
    db
      .select({ count: sql<number>`COUNT(*)`, oldest: sql<number | null>`MIN(${recoveries.receivedAt})` })
      .from(recoveries)
      .where(and(sql`${recoveries.network} = ${network}`, gt(recoveries.receivedAt, sinceMs))),
  ] as const);
  const oldest = [fromReports[0]?.oldest, fromRecoveries[0]?.oldest].filter((x): x is number => x != null);
  return {
    count: Number(fromReports[0]?.count ?? 0) + Number(fromRecoveries[0]?.count ?? 0),
    oldest: oldest.length ? Math.min(...oldest) : null,
  };
}

/** Deletes up to `batchSize` recoveries received before `cutoffMs` (the reports' retention applies to them too). */
export async function deleteRecoveriesReceivedBefore(
  db: Database,
  cutoffMs: number,
  batchSize = 5000,
): Promise<number> {
  const oldest = db
    .select({ id: recoveries.id })
    .from(recoveries)
    .where(lt(recoveries.receivedAt, cutoffMs))
    .orderBy(recoveries.receivedAt)
    .limit(batchSize);
  const result = await db.delete(recoveries).where(inArray(recoveries.id, oldest));
  return result.meta.changes ?? 0;
}
