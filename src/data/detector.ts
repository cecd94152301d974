import { and, eq, gt, gte, isNull, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import {
  baselines,
  detectorBaselines,
  detectorState,
  episodes,
  incidentComponents,
  incidents,
  probeResults,
  reportRollups,
  reports,
} from "../db/schema";
import type {
  ComponentBaseline,
  DetectorRecord,
  MaintenanceWindow,
  ProbeResultRow,
  RegionalNetworkRow,
  RollupRow,
} from "../detection";
import type { SymptomClass } from "../domain/symptoms";
import { appendTo } from "../lib/multimap";
import { MINUTE_MS } from "../lib/time";
import { inIds } from "./in-ids";
import { type Statement, writeInternal } from "./publish";

/**
 * The detector's reads and writes. Every read is bounded by a time window
 * (the trailing rollup window, the probe window, open maintenance), never by
 * history, so a minute's evaluation costs the same with 10^3 or 10^7 reports;
 * and by the components watched, so one service's evaluation does not grow
 * with other (disabled) services' data. A record's learned statistics, which
 * a learned week makes the bulk of it, are read and written only at the
 * hourly refresh (`detector_baselines`), so a minute costs a detector that has
 * learned for months what it costs a new one.
 */

/** A baseline's statistics: what only the hourly refresh reads and changes. */
export type LearnedStats = Pick<ComponentBaseline, "stats" | "regions">;

/** A detector record without its baseline's statistics: what a tick reads and writes every minute. */
export type RecordHead = Omit<DetectorRecord, "baseline"> & {
  baseline: Omit<ComponentBaseline, keyof LearnedStats>;
};

export interface StoredRecord {
  head: RecordHead;
  /**
   * The statistics, when the row holds them inline (written whole by saveRecordStatement, or stored
   * before they had a table of their own); else null: loadLearnedStats() reads them when a refresh needs them.
   */
  learned: LearnedStats | null;
}

/** The stored records of these components (all components' when left out), their statistics apart. */
export async function loadDetectorRecords(
  db: Database,
  componentIds?: readonly string[],
): Promise<Map<string, StoredRecord>> {
  const rows = await db
    .select()
    .from(detectorState)
    .where(componentIds ? inIds(detectorState.componentId, componentIds) : undefined);
  return new Map(rows.map((row) => [row.componentId, splitRecord(row.state as RecordHead | DetectorRecord)]));
}

/** A record as stored: its head, and its statistics if it carries them. */
export function splitRecord(stored: RecordHead | DetectorRecord): StoredRecord {
  const { stats, regions, ...baseline } = stored.baseline as Partial<ComponentBaseline> & RecordHead["baseline"];
  // An inline baseline stored before regions were learned has none: it stays without.
  const learned = stats ? { stats, ...(regions ? { regions } : {}) } : null;
  return { head: { ...stored, baseline }, learned };
}

/** The learned statistics of these components (a component without any has learned nothing yet). */
export async function loadLearnedStats(
  db: Database,
  componentIds: readonly string[],
): Promise<Map<string, LearnedStats>> {
  if (componentIds.length === 0) return new Map();
  const rows = await db
    .select({ componentId: detectorBaselines.componentId, learned: detectorBaselines.learned })
    .from(detectorBaselines)
    .where(inIds(detectorBaselines.componentId, componentIds));
  return new Map(rows.map((row) => [row.componentId, row.learned as LearnedStats]));
}

/** A record made whole again from its head and statistics. */
export function joinRecord(head: RecordHead, learned: LearnedStats): DetectorRecord {
  return { ...head, baseline: { ...head.baseline, ...learned } };
}

/** Rollup rows with minute in [fromMinute, untilMinute), grouped by component. */
export async function rollupsBetween(
  db: Database,
  fromMinute: number,
  untilMinute: number,
  componentIds?: readonly string[],
): Promise<Map<string, RollupRow[]>> {
  const rows = await db
    .select({
      componentId: reportRollups.componentId,
      minute: reportRollups.minute,
      symptomClass: reportRollups.symptomClass,
      region: reportRollups.region,
      reporters: reportRollups.reporters,
      reports: reportRollups.reports,
    })
    .from(reportRollups)
    .where(
      and(
        gte(reportRollups.minute, fromMinute),
        lt(reportRollups.minute, untilMinute),
        componentIds ? inIds(reportRollups.componentId, componentIds) : undefined,
      ),
    );
  const byComponent = new Map<string, RollupRow[]>();
  for (const { componentId, ...row } of rows) {
    appendTo(byComponent, componentId, { ...row, symptomClass: row.symptomClass as SymptomClass });
  }
  return byComponent;
}

/**
 * Distinct networks with counted technical reports per minute and province, minutes [fromMinute, untilMinute),
 * grouped by component: the regional test's floor on networks (the rollups carry none). One query over
 * `reports`, bounded by received_at (reports_received_idx) to the regional windows; the minute is the
 * rollups' own (occurred_at), and a report without a network is its own (its fingerprint).
 */
export async function regionalNetworksBetween(
  db: Database,
  fromMinute: number,
  untilMinute: number,
  componentIds?: readonly string[],
): Promise<Map<string, RegionalNetworkRow[]>> {
  // Inlined, not bound: D1 binds JavaScript numbers as REAL, which would turn this into a fractional division.
  const minute = sql<number>`${reports.occurredAt} / ${sql.raw(String(MINUTE_MS))}`;
  const network = sql<string>`coalesce(${reports.network}, 'fp:' || ${reports.fingerprint})`;
  const rows = await db
    .selectDistinct({
      componentId: reports.componentId,
      minute,
      region: reports.countedRegion,
      network,
    })
    .from(reports)
    .where(
      and(
        gte(reports.receivedAt, fromMinute * MINUTE_MS),
        lt(reports.receivedAt, untilMinute * MINUTE_MS),
        eq(reports.counted, true),
        eq(reports.symptomClass, "technical"),
        sql`${reports.countedRegion} IS NOT NULL AND ${reports.countedRegion} <> ''`,
        componentIds ? inIds(reports.componentId, componentIds) : undefined,
      ),
    );
  const byComponent = new Map<string, RegionalNetworkRow[]>();
  for (const { componentId, minute, region, network } of rows) {
    if (minute >= fromMinute && minute < untilMinute)
      appendTo(byComponent, componentId, { minute, region: region ?? "", network });
  }
  return byComponent;
}

/** The earliest rollup minute of a component at or after `notBeforeMinute` (first run: where data begin). */
export async function firstRollupMinute(
  db: Database,
  componentId: string,
  notBeforeMinute: number,
): Promise<number | null> {
  const [row] = await db
    .select({ minute: sql<number | null>`MIN(${reportRollups.minute})` })
    .from(reportRollups)
    .where(and(eq(reportRollups.componentId, componentId), gte(reportRollups.minute, notBeforeMinute)));
  return row?.minute ?? null;
}

/** Probe results checked in [sinceMs, untilMs) (of these components, if given), grouped by component, oldest first. */
export async function probeResultsBetween(
  db: Database,
  sinceMs: number,
  untilMs: number,
  componentIds?: readonly string[],
): Promise<Map<string, ProbeResultRow[]>> {
  const rows = await db
    .select({
      componentId: probeResults.componentId,
      location: probeResults.location,
      at: probeResults.checkedAt,
      ok: probeResults.ok,
      latencyMs: probeResults.latencyMs,
    })
    .from(probeResults)
    .where(
      and(
        gte(probeResults.checkedAt, sinceMs),
        lt(probeResults.checkedAt, untilMs),
        componentIds ? inIds(probeResults.componentId, componentIds) : undefined,
      ),
    )
    .orderBy(probeResults.checkedAt);
  const byComponent = new Map<string, ProbeResultRow[]>();
  for (const { componentId, ...row } of rows) {
    appendTo(byComponent, componentId, row);
  }
  return byComponent;
}

/** Declared maintenance windows ending after `endingAfterMs` and starting before `startingBeforeMs`, by component. */
export async function maintenanceWindows(
  db: Database,
  endingAfterMs: number,
  startingBeforeMs: number,
): Promise<Map<string, MaintenanceWindow[]>> {
  const rows = await db
    .select({
      id: incidents.id,
      componentId: incidentComponents.componentId,
      status: incidents.status,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
      resolvedAt: incidents.resolvedAt,
    })
    .from(incidents)
    .innerJoin(incidentComponents, eq(incidentComponents.incidentId, incidents.id))
    .where(
      and(
        eq(incidents.type, "maintenance"),
        ne(incidents.status, "cancelled"),
        lt(incidents.scheduledFor, startingBeforeMs),
        gt(incidents.scheduledUntil, endingAfterMs),
      ),
    );
  const byComponent = new Map<string, MaintenanceWindow[]>();
  for (const row of rows) {
    // A window closed early by an operator ends when it was completed.
    const endsAt = row.resolvedAt != null ? Math.min(row.resolvedAt, row.scheduledUntil!) : row.scheduledUntil!;
    appendTo(byComponent, row.componentId, { id: row.id, startsAt: row.scheduledFor!, endsAt });
  }
  return byComponent;
}

/** The open detected episode of a kind on a component, with its incident. */
export async function openEpisode(db: Database, componentId: string, kind: string) {
  const [row] = await db
    .select()
    .from(episodes)
    .where(and(eq(episodes.componentId, componentId), eq(episodes.kind, kind), isNull(episodes.resolvedAt)))
    .limit(1);
  return row;
}

export function insertEpisode(db: Database, episode: typeof episodes.$inferInsert) {
  return db.insert(episodes).values(episode);
}

export function resolveEpisodeStatement(db: Database, id: string, resolvedAt: number) {
  return db.update(episodes).set({ resolvedAt }).where(eq(episodes.id, id));
}

/**
 * Stores a whole record in one row, its statistics inline: a record set up from outside the cron (the
 * demo, tests, the bench). The cron's next tick reads it whole and stores it apart (tickRecordStatements).
 */
export function saveRecordStatement(db: Database, componentId: string, record: DetectorRecord, now: number) {
  return db
    .insert(detectorState)
    .values({ componentId, state: record, evaluatedAt: now })
    .onConflictDoUpdate({ target: detectorState.componentId, set: { state: record, evaluatedAt: now } });
}

/**
 * A tick's record: the head every minute, and the statistics (`withLearned`) only when they changed or
 * their row is yet to be written; rewriting them every minute cost a mature detector more than its reads.
 */
export function tickRecordStatements(
  db: Database,
  componentId: string,
  record: DetectorRecord,
  now: number,
  withLearned: boolean,
): Statement[] {
  const { stats, regions, ...baseline } = record.baseline;
  const head: RecordHead = { ...record, baseline };
  const statements: Statement[] = [
    db
      .insert(detectorState)
      .values({ componentId, state: head, evaluatedAt: now })
      .onConflictDoUpdate({ target: detectorState.componentId, set: { state: head, evaluatedAt: now } }),
  ];
  if (withLearned) {
    const learned: LearnedStats = { stats, ...(regions ? { regions } : {}) };
    statements.push(
      db
        .insert(detectorBaselines)
        .values({ componentId, learned, updatedAt: now })
        .onConflictDoUpdate({ target: detectorBaselines.componentId, set: { learned, updatedAt: now } }),
    );
  }
  return statements;
}

/** D1 binds at most 100 parameters per statement; a baseline row takes 7. */
const BASELINE_ROWS_PER_STATEMENT = 14;

/**
 * Mirrors the learned baseline into the `baselines` table that charts read ("the usual level"):
 * many rows per upsert, one batch, so a refresh of 1,344 slots is about a hundred statements.
 */
export async function saveBaselineRows(
  db: Database,
  componentId: string,
  rows: Array<{ symptomClass: string; slot: number; mean: number; samples: number }>,
  now: number,
): Promise<void> {
  const excluded = (column: { name: string }) => sql`excluded.${sql.identifier(column.name)}`;
  const statements = [];
  for (let i = 0; i < rows.length; i += BASELINE_ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + BASELINE_ROWS_PER_STATEMENT).map((row) => ({
      componentId,
      symptomClass: row.symptomClass,
      slot: row.slot,
      mean: row.mean,
      samples: row.samples,
      updatedAt: now,
    }));
    statements.push(
      db
        .insert(baselines)
        .values(values)
        .onConflictDoUpdate({
          target: [baselines.componentId, baselines.symptomClass, baselines.slot],
          set: {
            mean: excluded(baselines.mean),
            samples: excluded(baselines.samples),
            updatedAt: excluded(baselines.updatedAt),
          },
        }),
    );
  }
  await writeInternal(db, statements);
}
