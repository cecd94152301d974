import { findSymptom } from "../config/symptom-profiles";
import {
  distinctReportersSince,
  findReport,
  findReportByIdempotencyKey,
  type ReportRow,
  reportIdForKey,
  storeReports,
} from "../data/reports";
import type { Database } from "../db/client";
import { networkReporterCap } from "../detection/repeat";
import { DomainError, invalid } from "../domain/errors";
import { locatedRegion, type RequestLocation } from "../domain/located-region";
import { isReportId, newReport } from "../domain/report";
import type { SymptomClass, VerdictKind } from "../domain/symptoms";
import { verdictKind } from "../domain/verdict-kind";
import type { Env } from "../env";
import { epochMinute, MINUTE_MS } from "../lib/time";
import { type SituationWithTimes, type StatusSnapshot, situationOf, type VerdictSubject } from "../read-model";
import { checkOccurredAt, type ReportInput } from "../schemas/report";
import { EVIDENCE_WINDOW_MS, gatherEvidence, type VerdictEvidence } from "./evidence";
import { enforceReportRateLimit } from "./rate-limit";
import { reporterIdentity } from "./reporter";

/** "How many others reported the same" looks back this far. */
export const OTHERS_WINDOW_MS = EVIDENCE_WINDOW_MS;

export interface SubmitDeps {
  db: Database;
  env: Pick<
    Env,
    | "FINGERPRINT_SECRET"
    | "REPORT_RATE_LIMITER"
    | "REPORT_RATE_LIMIT"
    | "REPORT_INGEST"
    | "REPORT_QUEUE"
    | "NETWORK_REPORTER_CAP"
  >;
  now: number;
  /** The status snapshot of this request: the component list and what is open decide the verdict. */
  snapshot: StatusSnapshot;
}

export interface Submission {
  input: ReportInput;
  idempotencyKey: string | null;
  /** Who sends it: hashed into the reporter's fingerprint and network, never stored. */
  client: { ip: string; userAgent: string };
  /** Where Cloudflare locates the request (request.cf); absent where there is none (local development). */
  location?: RequestLocation;
  /** Store at once even when the report queue is on (a plain form post is redirected to the stored report). */
  storeNow?: boolean;
}

export interface SubmittedReport {
  /** `created` now, `queued` for the consumer, or `existing`: the key's report was stored before. */
  outcome: "created" | "queued" | "existing";
  report: Pick<ReportRow, "id" | "componentId" | "symptom" | "verdict" | "otherMethodsWork">;
  /** Distinct reporters of the component in the last 15 minutes, this one included. */
  reportersLast15m: number;
  situation: SituationWithTimes;
}

/**
 * One report, from the report API and the HTML form alike: checks it against
 * the snapshot, fingerprints and rate-limits the reporter, decides the
 * verdict and stores it (or queues it, REPORT_INGEST=queue). Throws
 * DomainErrors (invalid, rate_limited, unavailable).
 */
export async function submitReport(deps: SubmitDeps, submission: Submission): Promise<SubmittedReport> {
  const { db, env, now, snapshot } = deps;
  const { input, idempotencyKey } = submission;
  const occurred = checkOccurredAt(input.occurred_at, now);
  if (!occurred.ok) throw invalid("invalid_field", occurred.message, "occurred_at");
  const component = snapshot.componentsById.get(input.component);
  if (!component) {
    throw invalid("unknown_component", `${snapshot.service.id} has no component "${input.component}"`, "component");
  }
  const symptom = findSymptom(snapshot.service, input.symptom);
  if (!symptom) throw invalid("unknown_symptom", `${snapshot.service.id} has no symptom "${input.symptom}"`, "symptom");
  // The region the detector counts (Cloudflare's location, else the stated one): a regional outage concerns it.
  const located = submission.location ? locatedRegion(submission.location) : undefined;
  const situation = situationOf(snapshot, component.id, now, located === undefined ? (input.region ?? null) : located);
  const since = now - OTHERS_WINDOW_MS;
  const reporter = await reporterIdentity(db, env.FINGERPRINT_SECRET, submission.client, now);

  // A key belongs to its reporter: the same key from someone else is their own new report.
  const scopedKey = idempotencyKey ? `${reporter.fingerprint}:${idempotencyKey}` : null;
  if (scopedKey) {
    const previous = await findReportByIdempotencyKey(db, scopedKey);
    if (previous) return existing(db, previous, since, situation);
  }

  await enforceReportRateLimit(env, db, reporter.network, now);
  const report = newReport(
    { ...input, component: component.id },
    {
      id: scopedKey ? await reportIdForKey(scopedKey) : undefined,
      symptomClass: symptom.class,
      occurredAt: occurred.at,
      receivedAt: now,
      fingerprint: reporter.fingerprint,
      network: reporter.network,
      locatedRegion: located,
      situation,
      idempotencyKey: scopedKey,
    },
  );

  const queue = !submission.storeNow && env.REPORT_INGEST === "queue" ? env.REPORT_QUEUE : undefined;
  if (queue) {
    // Queued: answered now, written by the consumer within seconds. The count is
    // the stored one (at most a second old) plus this reporter.
    try {
      // The default "v8" content type: structured clone, no JSON text made and parsed again on the way.
      await queue.send(report);
    } catch (error) {
      console.error("queueing a report failed", error);
      throw new DomainError(
        "unavailable",
        "storage_unavailable",
        "Reports cannot be accepted right now, please retry shortly",
        undefined,
        5,
      );
    }
    const stored = await recentReporters(db, component.id, since, now);
    return { outcome: "queued", report, reportersLast15m: stored + 1, situation };
  }

  const { stored, reporters } = await storeReports(db, [report], {
    reportersOf: { componentId: component.id, sinceMs: since },
    networkCap: networkReporterCap(env.NETWORK_REPORTER_CAP),
  });
  if (stored === 0) {
    // A retry racing the first attempt: its key (so its id) is stored already; answer with the stored report.
    const earlier = scopedKey ? await findReportByIdempotencyKey(db, scopedKey) : undefined;
    if (!earlier) throw new Error(`report ${report.id} was not stored`);
    return { outcome: "existing", report: earlier, reportersLast15m: reporters, situation };
  }
  return { outcome: "created", report, reportersLast15m: reporters, situation };
}

async function existing(
  db: Database,
  previous: ReportRow,
  since: number,
  situation: SituationWithTimes,
): Promise<SubmittedReport> {
  const reporters = await distinctReportersSince(db, previous.componentId, since);
  return { outcome: "existing", report: previous, reportersLast15m: reporters, situation };
}

/**
 * Stored reporters of a component lately, remembered for a second: during a
 * flash crowd on the queue, thousands of reports a second name the same few
 * components. Only known components reach here, so the map stays small.
 */
const REPORTERS_MEMO_MS = 1000;
const reportersMemo = new Map<string, { count: number; at: number }>();

async function recentReporters(db: Database, componentId: string, sinceMs: number, nowMs: number): Promise<number> {
  const memo = reportersMemo.get(componentId);
  if (memo && nowMs - memo.at < REPORTERS_MEMO_MS) return memo.count;
  const count = await distinctReportersSince(db, componentId, sinceMs);
  reportersMemo.set(componentId, { count, at: nowMs });
  return count;
}

/** A report as its verdict is told, with the situation's kind (then or now). */
export function subjectOf(
  report: Pick<ReportRow, "componentId" | "symptom" | "otherMethodsWork">,
  kind: VerdictKind | string,
): VerdictSubject {
  return {
    kind: kind as VerdictKind,
    componentId: report.componentId,
    symptom: report.symptom,
    otherMethodsWork: report.otherMethodsWork,
  };
}

export interface StoredVerdict {
  report: ReportRow;
  /** What is open on the report's component now. */
  situation: SituationWithTimes;
  /** The verdict kind as things stand now (the stored one is `report.verdict`). */
  kindNow: VerdictKind;
  /** The 15 minutes before the report: fixed, never growing with later reports. */
  reported: VerdictEvidence;
  /** From the report until now. */
  since: VerdictEvidence;
}

/** A stored report with what it was told and what is open on its component now, for its verdict read again later. */
export async function storedVerdict(
  db: Database,
  snapshot: StatusSnapshot,
  id: string,
  now: number,
): Promise<StoredVerdict | undefined> {
  if (!isReportId(id)) return undefined;
  const report = await findReport(db, id);
  if (!report) return undefined;
  const situation = situationOf(snapshot, report.componentId, now, report.countedRegion ?? null);
  const at = report.receivedAt;
  const nextMinute = (epochMinute(at) + 1) * MINUTE_MS;
  const [reported, since] = (await gatherEvidence(
    db,
    report.componentId,
    situation,
    [
      { from: at - OTHERS_WINDOW_MS, to: at },
      // Counts are per minute: "since" starts with the minute after the report's, so it never counts the reporter.
      { from: nextMinute, to: Math.max(nextMinute, now) },
    ],
    now,
  )) as [VerdictEvidence, VerdictEvidence];
  const kindNow = verdictKind(report.symptomClass as SymptomClass, situation);
  return { report, situation, kindNow, reported, since };
}
