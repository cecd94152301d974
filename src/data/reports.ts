import { and, eq, gt, gte, inArray, lt, sql, sum } from "drizzle-orm";
import type { Database } from "../db/client";
import { components, reportRollups, reports, symptomRollups } from "../db/schema";
import { redact } from "../domain/redact";
import { symptomClass, type Symptom, type SymptomClass, type VerdictKind } from "../domain/symptoms";
import { verdictKind, type ComponentSituation } from "../domain/verdict-kind";
import { epochMinute, MINUTE_MS } from "../lib/time";
import type { ComponentRow } from "./components";
import { situationFromRows, situationQuery, type SituationRow } from "./situation";

/** Reports from one fingerprint on one component within this window count once. */
export const REPEAT_WINDOW_MS = 30 * MINUTE_MS;

export interface NewReport {
  id: string;
  componentId: string;
  symptom: Symptom;
  symptomClass: SymptomClass;
  messageSeen: string | null;
  region: string | null;
  platform: string | null;
  otherMethodsWork: string;
  occurredAt: number;
  receivedAt: number;
  fingerprint: string;
  verdict: VerdictKind;
  idempotencyKey: string | null;
}

export type ReportRow = typeof reports.$inferSelect;

/** The validated fields of a report, as the public API and the admin import take them. */
export interface ReportFields {
  component: string;
  symptom: Symptom;
  message_seen?: string;
  region?: string;
  platform?: string;
  other_methods_work?: string;
}

/**
 * The row to store for a report: its class, its message redacted, the verdict
 * the situation gives. The one place a report row is made, so the public API
 * and the admin import store the same thing.
 */
export function newReport(
  input: ReportFields,
  meta: { occurredAt: number; receivedAt: number; fingerprint: string; situation: ComponentSituation; idempotencyKey: string | null },
): NewReport {
  const cls = symptomClass(input.symptom);
  return {
    id: crypto.randomUUID(),
    componentId: input.component,
    symptom: input.symptom,
    symptomClass: cls,
    messageSeen: input.message_seen ? redact(input.message_seen) : null,
    region: input.region ?? null,
    platform: input.platform ?? null,
    otherMethodsWork: input.other_methods_work ?? "unknown",
    occurredAt: meta.occurredAt,
    receivedAt: meta.receivedAt,
    fingerprint: meta.fingerprint,
    verdict: verdictKind(cls, meta.situation),
    idempotencyKey: meta.idempotencyKey,
  };
}

/**
 * Stores one report and counts it in the rollups, in one D1 batch (one
 * transaction): either all of it is written or none. The repeat mark is
 * computed inside SQL from rows already stored, so two concurrent reports from
 * one fingerprint cannot both count as distinct, and no read round trip is needed.
 */
export async function insertReport(db: Database, report: NewReport, othersSinceMs = report.receivedAt - 15 * MINUTE_MS): Promise<number> {
  const minute = epochMinute(report.occurredAt);
  const region = report.region ?? "";
  const repeatSince = report.receivedAt - REPEAT_WINDOW_MS;
  const isRepeat = sql<boolean>`EXISTS (SELECT 1 FROM ${reports} WHERE ${reports.fingerprint} = ${report.fingerprint} AND ${reports.componentId} = ${report.componentId} AND ${reports.receivedAt} > ${repeatSince})`;
  const countsAsReporter = sql<number>`(SELECT 1 - ${reports.isRepeat} FROM ${reports} WHERE ${reports.id} = ${report.id})`;

  const results = await db.batch([
    db.insert(reports).values({ ...report, isRepeat }),
    db
      .insert(reportRollups)
      .values({ componentId: report.componentId, minute, symptomClass: report.symptomClass, region, reporters: countsAsReporter, reports: 1 })
      .onConflictDoUpdate({
        target: [reportRollups.componentId, reportRollups.minute, reportRollups.symptomClass, reportRollups.region],
        set: {
          reporters: sql`${reportRollups.reporters} + excluded.reporters`,
          reports: sql`${reportRollups.reports} + 1`,
        },
      }),
    db
      .insert(symptomRollups)
      .values({ componentId: report.componentId, minute, symptom: report.symptom, reporters: countsAsReporter })
      .onConflictDoUpdate({
        target: [symptomRollups.componentId, symptomRollups.minute, symptomRollups.symptom],
        set: { reporters: sql`${symptomRollups.reporters} + excluded.reporters` },
      }),
    // Read back in the same round trip: distinct reporters of this component lately, this one included.
    reportersSinceQuery(db, report.componentId, othersSinceMs),
  ]);
  return Number(results[3][0]?.total ?? 0);
}

function reportersSinceQuery(db: Database, componentId: string, sinceMs: number) {
  return db
    .select({ total: sum(reportRollups.reporters) })
    .from(reportRollups)
    .where(and(eq(reportRollups.componentId, componentId), gte(reportRollups.minute, epochMinute(sinceMs))));
}

/**
 * Everything the report endpoint needs to read before writing, in one D1
 * round trip: the component, what is open on it, and a stored report with the
 * same idempotency key.
 *
 * During a flash crowd thousands of reports a second name the same few
 * components, so the component and its open incidents are remembered in the
 * isolate for CONTEXT_MEMO_MS: a verdict may lag a status change by that
 * much, and most reports then cost one D1 round trip (the write) instead of two.
 */
export const CONTEXT_MEMO_MS = 1000;
const contextMemo = new Map<string, { component: ComponentRow | undefined; situationRows: SituationRow[]; at: number }>();

export async function loadReportContext(db: Database, componentId: string, idempotencyKey: string | null, nowMs: number, memoMs = CONTEXT_MEMO_MS) {
  const remembered = contextMemo.get(componentId);
  if (!idempotencyKey && remembered && nowMs - remembered.at < memoMs) {
    return { component: remembered.component, situation: situationFromRows(remembered.situationRows, nowMs), previous: undefined };
  }
  const [componentRows, situationRows, previousRows] = await db.batch([
    db.select().from(components).where(eq(components.id, componentId)).limit(1),
    situationQuery(db, componentId),
    db.select().from(reports).where(eq(reports.idempotencyKey, idempotencyKey ?? "")).limit(idempotencyKey ? 1 : 0),
  ]);
  // Bounded: unknown ids are not remembered, so junk input cannot grow the map.
  if (componentRows[0]) contextMemo.set(componentId, { component: componentRows[0], situationRows, at: nowMs });
  return {
    component: componentRows[0],
    situation: situationFromRows(situationRows, nowMs),
    previous: previousRows[0],
  };
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
  const [row] = await reportersSinceQuery(db, componentId, sinceMs);
  return Number(row?.total ?? 0);
}

/** How many reports one fingerprint sent since `sinceMs`, and the oldest of them (for the D1 rate limit). */
export async function fingerprintActivitySince(db: Database, fp: string, sinceMs: number): Promise<{ count: number; oldest: number | null }> {
  const [row] = await db
    .select({ count: sql<number>`COUNT(*)`, oldest: sql<number | null>`MIN(${reports.receivedAt})` })
    .from(reports)
    .where(and(eq(reports.fingerprint, fp), gt(reports.receivedAt, sinceMs)));
  return { count: Number(row?.count ?? 0), oldest: row?.oldest ?? null };
}

/**
 * Deletes up to `batchSize` raw reports received before `cutoffMs`; rollups
 * stay. Bounded per call so one cron run never holds the database for long.
 * Returns how many rows were deleted.
 */
export async function deleteReportsReceivedBefore(db: Database, cutoffMs: number, batchSize = 5000): Promise<number> {
  const oldest = db.select({ id: reports.id }).from(reports).where(lt(reports.receivedAt, cutoffMs)).orderBy(reports.receivedAt).limit(batchSize);
  const result = await db.delete(reports).where(inArray(reports.id, oldest));
  return result.meta.changes ?? 0;
}
