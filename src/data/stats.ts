/**
 * Report statistics for the status page chart and the `/api/reports/stats`
 * route. Reads the rollup and baseline tables only, never raw reports, so the
 * cost does not grow with traffic.
 */
import { and, desc, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { baselines, reportRollups, symptomRollups } from "../db/schema";
import { slotOfWeek } from "../detection/time";
import { HOUR_MS, MINUTE_MS } from "../lib/time";

export const BUCKET_MS = 5 * MINUTE_MS;

export interface ReportBucket {
  /** Start of the bucket (epoch ms). */
  start: number;
  technical: number;
  account: number;
  /** Merchant and other symptoms together. */
  other: number;
  /** The usual number of distinct reporters for this bucket, from the baselines. */
  usual: number;
}

export interface ReportStats {
  from: number;
  to: number;
  bucketMs: number;
  buckets: ReportBucket[];
  total: number;
  /** Most reported symptoms in the last hour before `to`, most first. */
  topSymptoms: { symptom: string; reporters: number }[];
  /** Reports by region over the window, most first ('' regions left out). */
  regions: { region: string; reporters: number }[];
}

export interface ReportStatsOptions {
  nowMs: number;
  windowMs?: number;
  /** The service's components: its reports only. */
  componentIds: readonly string[];
  /** One of them only. */
  componentId?: string;
  bucketMs?: number;
  topLimit?: number;
  regionLimit?: number;
}

export async function reportStats(db: Database, options: ReportStatsOptions): Promise<ReportStats> {
  const bucketMs = options.bucketMs ?? BUCKET_MS;
  const bucketMinutes = Math.max(1, Math.round(bucketMs / MINUTE_MS));
  // Buckets end at the current (partial) bucket so the newest reports show at once.
  const to = (Math.floor(options.nowMs / bucketMs) + 1) * bucketMs;
  const count = Math.max(1, Math.ceil((options.windowMs ?? 24 * HOUR_MS) / bucketMs));
  const from = to - count * bucketMs;
  const fromMinute = from / MINUTE_MS;
  const toMinute = to / MINUTE_MS;
  const lastHourMinute = Math.floor((options.nowMs - HOUR_MS) / MINUTE_MS);
  const ids = options.componentId ? [options.componentId] : [...options.componentIds];
  const onComponent = inArray(reportRollups.componentId, ids);

  const bucketExpr = sql<number>`(${reportRollups.minute} / ${bucketMinutes}) * ${bucketMinutes}`;
  const [series, usual, symptoms, regions] = await Promise.all([
    db
      .select({
        minute: bucketExpr,
        cls: reportRollups.symptomClass,
        reporters: sql<number>`sum(${reportRollups.reporters})`,
      })
      .from(reportRollups)
      .where(and(gte(reportRollups.minute, fromMinute), lt(reportRollups.minute, toMinute), onComponent))
      .groupBy(bucketExpr, reportRollups.symptomClass),
    db
      .select({ slot: baselines.slot, mean: sql<number>`sum(${baselines.mean})` })
      .from(baselines)
      .where(inArray(baselines.componentId, ids))
      .groupBy(baselines.slot),
    db
      .select({ symptom: symptomRollups.symptom, reporters: sql<number>`sum(${symptomRollups.reporters})` })
      .from(symptomRollups)
      .where(
        and(
          gte(symptomRollups.minute, lastHourMinute),
          lt(symptomRollups.minute, toMinute),
          inArray(symptomRollups.componentId, ids),
        ),
      )
      .groupBy(symptomRollups.symptom)
      .having(sql`sum(${symptomRollups.reporters}) > 0`)
      .orderBy(desc(sql`sum(${symptomRollups.reporters})`), symptomRollups.symptom)
      .limit(options.topLimit ?? 5),
    db
      .select({ region: reportRollups.region, reporters: sql<number>`sum(${reportRollups.reporters})` })
      .from(reportRollups)
      .where(
        and(
          gte(reportRollups.minute, fromMinute),
          lt(reportRollups.minute, toMinute),
          ne(reportRollups.region, ""),
          onComponent,
        ),
      )
      .groupBy(reportRollups.region)
      .having(sql`sum(${reportRollups.reporters}) > 0`)
      .orderBy(desc(sql`sum(${reportRollups.reporters})`), reportRollups.region)
      .limit(options.regionLimit ?? 8),
  ]);

  const meanBySlot = new Map(usual.map((row) => [Number(row.slot), Number(row.mean)]));
  const buckets: ReportBucket[] = [];
  for (let i = 0; i < count; i++) {
    const start = from + i * bucketMs;
    let expected = 0;
    for (let m = 0; m < bucketMinutes; m++) expected += meanBySlot.get(slotOfWeek(start / MINUTE_MS + m)) ?? 0;
    buckets.push({ start, technical: 0, account: 0, other: 0, usual: Math.round(expected * 100) / 100 });
  }
  let total = 0;
  for (const row of series) {
    const bucket = buckets[Math.floor((Number(row.minute) * MINUTE_MS - from) / bucketMs)];
    if (!bucket) continue;
    const n = Number(row.reporters);
    total += n;
    if (row.cls === "technical") bucket.technical += n;
    else if (row.cls === "account") bucket.account += n;
    else bucket.other += n;
  }
  return {
    from,
    to,
    bucketMs,
    buckets,
    total,
    topSymptoms: symptoms.map((row) => ({ symptom: row.symptom, reporters: Number(row.reporters) })),
    regions: regions.map((row) => ({ region: row.region, reporters: Number(row.reporters) })),
  };
}

/** Distinct reporters of each component in the window before `nowMs`, and the usual number for that window. */
export interface RecentReporters {
  reporters: number;
  usual: number;
}

/**
 * Per component: distinct reporters over the last `windowMs` (from the
 * rollups) and how many the baselines expect then. Two grouped reads,
 * whatever the history: the board's "reports in the last hour against usual".
 */
export async function recentReportersByComponent(
  db: Database,
  nowMs: number,
  windowMs = HOUR_MS,
): Promise<Map<string, RecentReporters>> {
  const toMinute = Math.floor(nowMs / MINUTE_MS) + 1;
  const fromMinute = toMinute - Math.max(1, Math.round(windowMs / MINUTE_MS));
  const minutesPerSlot = new Map<number, number>();
  for (let minute = fromMinute; minute < toMinute; minute++) {
    const slot = slotOfWeek(minute);
    minutesPerSlot.set(slot, (minutesPerSlot.get(slot) ?? 0) + 1);
  }
  const [counted, usual] = await Promise.all([
    db
      .select({ componentId: reportRollups.componentId, reporters: sql<number>`sum(${reportRollups.reporters})` })
      .from(reportRollups)
      .where(and(gte(reportRollups.minute, fromMinute), lt(reportRollups.minute, toMinute)))
      .groupBy(reportRollups.componentId),
    db
      .select({ componentId: baselines.componentId, slot: baselines.slot, mean: sql<number>`sum(${baselines.mean})` })
      .from(baselines)
      .where(inArray(baselines.slot, [...minutesPerSlot.keys()]))
      .groupBy(baselines.componentId, baselines.slot),
  ]);
  const out = new Map<string, RecentReporters>();
  const entry = (id: string) => {
    let found = out.get(id);
    if (!found) {
      found = { reporters: 0, usual: 0 };
      out.set(id, found);
    }
    return found;
  };
  for (const row of counted) entry(row.componentId).reporters += Number(row.reporters);
  for (const row of usual)
    entry(row.componentId).usual += Number(row.mean) * (minutesPerSlot.get(Number(row.slot)) ?? 0);
  return out;
}
