/**
 * Report statistics for the status page chart and the `/api/reports/stats`
 * route. Reads the rollup and baseline tables only, never raw reports, so the
 * cost does not grow with traffic.
 */
import { and, desc, eq, gte, lt, ne, sql } from "drizzle-orm";
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
  const onComponent = options.componentId ? eq(reportRollups.componentId, options.componentId) : undefined;

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
      .where(options.componentId ? eq(baselines.componentId, options.componentId) : undefined)
      .groupBy(baselines.slot),
    db
      .select({ symptom: symptomRollups.symptom, reporters: sql<number>`sum(${symptomRollups.reporters})` })
      .from(symptomRollups)
      .where(
        and(
          gte(symptomRollups.minute, lastHourMinute),
          lt(symptomRollups.minute, toMinute),
          options.componentId ? eq(symptomRollups.componentId, options.componentId) : undefined,
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
