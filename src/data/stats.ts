/**
 * Report statistics for the status page chart and the `/api/reports/stats`
 * route. Reads the rollup and baseline tables only, never raw reports, so the
 * cost does not grow with traffic.
 */
import { and, desc, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
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

/** Distinct reporters of one province in the last hour, and its usual number for that hour. */
export interface ProvinceReporters {
  reporters: number;
  usual: number;
}

/** Days of history behind a province's usual level. */
export const PROVINCE_USUAL_DAYS = 7;

/**
 * Per province (the rollups' region): distinct reporters of the components
 * over the hour before `nowMs`, and its usual level for that hour. The
 * baselines are per component, not per province, so the usual level is
 * derived here from the rollups of the same hour on each of the previous
 * `days` days: their mean, with the busiest day left out so one past outage
 * does not raise it. One grouped read over `days + 1` hour-long ranges of the
 * minute index, at most 34 × (days + 1) rows, whatever the traffic.
 */
export async function reportersByProvince(
  db: Database,
  options: { nowMs: number; componentIds: readonly string[]; days?: number },
): Promise<Map<string, ProvinceReporters>> {
  const days = options.days ?? PROVINCE_USUAL_DAYS;
  const out = new Map<string, ProvinceReporters>();
  if (options.componentIds.length === 0) return out;
  const toMinute = Math.floor(options.nowMs / MINUTE_MS) + 1;
  const hour = HOUR_MS / MINUTE_MS;
  const day = (24 * HOUR_MS) / MINUTE_MS;
  const ranges = Array.from({ length: days + 1 }, (_, d) =>
    and(gte(reportRollups.minute, toMinute - d * day - hour), lt(reportRollups.minute, toMinute - d * day)),
  );
  // 0 for the last hour, d for the same hour d days earlier.
  const dayExpr = sql<number>`(${sql.raw(String(toMinute - 1))} - ${reportRollups.minute}) / ${sql.raw(String(day))}`;
  const rows = await db
    .select({ region: reportRollups.region, day: dayExpr, reporters: sql<number>`sum(${reportRollups.reporters})` })
    .from(reportRollups)
    .where(
      and(inArray(reportRollups.componentId, [...options.componentIds]), ne(reportRollups.region, ""), or(...ranges)),
    )
    .groupBy(reportRollups.region, dayExpr);
  const past = new Map<string, number[]>();
  for (const row of rows) {
    const d = Number(row.day);
    const n = Number(row.reporters);
    if (d === 0) out.set(row.region, { reporters: n, usual: 0 });
    else if (d > 0 && d <= days) past.set(row.region, [...(past.get(row.region) ?? []), n]);
  }
  for (const [region, counts] of past) {
    // Days without a row had no reporters; the busiest day is left out.
    const kept = [...counts, ...Array(days - counts.length).fill(0)].sort((a, b) => a - b).slice(0, days - 1);
    const usual = Math.round((kept.reduce((s, n) => s + n, 0) / Math.max(1, kept.length)) * 10) / 10;
    const entry = out.get(region) ?? { reporters: 0, usual: 0 };
    entry.usual = usual;
    out.set(region, entry);
  }
  return out;
}
