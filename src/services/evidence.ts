import { componentProbeResultsSince } from "../data/probes";
import { reportersBetween } from "../data/reports";
import type { Database } from "../db/client";
import { MINUTE_MS } from "../lib/time";
import type { SituationWithTimes } from "../read-model";

/** "Reporters lately" and "probes lately" look back this far. */
export const EVIDENCE_WINDOW_MS = 15 * MINUTE_MS;

/** What a verdict rests on, for one component over one window. */
export interface VerdictEvidence {
  from: number;
  to: number;
  /** Distinct reporters of the component in [from, to]. */
  reporters: number;
  /** Provinces they reported from. */
  provinces: number;
  /** Probe locations by their latest check in the window. */
  probes: { failing: string[]; passing: string[] };
  /** The maintenance window covering the component, if any. */
  maintenance: { from: number | null; until: number | null } | null;
  /** Provinces of a regional episode, when the situation is one (null: national or nothing open). */
  regions: string[] | null;
}

/** Each location's latest check decides it: a location that failed and then passed is passing. */
export function probeLocations(results: readonly { location: string; at: number; ok: boolean }[]): {
  failing: string[];
  passing: string[];
} {
  const latest = new Map<string, { at: number; ok: boolean }>();
  for (const result of results) {
    const seen = latest.get(result.location);
    if (!seen || result.at >= seen.at) latest.set(result.location, result);
  }
  const failing: string[] = [];
  const passing: string[] = [];
  for (const [location, result] of [...latest].sort(([a], [b]) => a.localeCompare(b))) {
    (result.ok ? passing : failing).push(location);
  }
  return { failing, passing };
}

/**
 * The evidence behind a verdict, once per window: reporters and provinces over
 * each bounded window (so a verdict read later never counts reports made after
 * its window), and the probe locations as they stand at `nowMs`, read once.
 */
export async function gatherEvidence(
  db: Database,
  componentId: string,
  situation: SituationWithTimes,
  windows: readonly { from: number; to: number }[],
  nowMs: number,
): Promise<VerdictEvidence[]> {
  const [probeResults, ...counts] = await Promise.all([
    componentProbeResultsSince(db, componentId, nowMs - EVIDENCE_WINDOW_MS),
    ...windows.map((window) => reportersBetween(db, componentId, window.from, window.to)),
  ]);
  const probes = probeLocations(probeResults.map((r) => ({ location: r.location, at: r.at, ok: Boolean(r.ok) })));
  const maintenance = situation.maintenance
    ? { from: situation.maintenanceFrom, until: situation.maintenanceUntil }
    : null;
  return windows.map((window, k) => ({
    from: window.from,
    to: window.to,
    reporters: counts[k]!.reporters,
    provinces: counts[k]!.provinces,
    probes,
    maintenance,
    regions: situation.regions?.length ? [...situation.regions] : null,
  }));
}

/**
 * The evidence right now, remembered for a second per component: during a
 * flash crowd thousands of reporters a second are told about the same few
 * components, and the answer cannot change faster than the rollups do.
 */
const EVIDENCE_MEMO_MS = 1000;
const memo = new Map<string, { evidence: Promise<VerdictEvidence>; at: number }>();

export function evidenceNow(
  db: Database,
  componentId: string,
  situation: SituationWithTimes,
  nowMs: number,
): Promise<VerdictEvidence> {
  const key = `${componentId}|${situation.maintenance}|${situation.outage}|${situation.accountWave}|${situation.merchantRestriction}|${situation.regions?.join(",") ?? ""}`;
  const remembered = memo.get(key);
  if (remembered && nowMs - remembered.at < EVIDENCE_MEMO_MS && nowMs >= remembered.at) return remembered.evidence;
  const evidence = gatherEvidence(
    db,
    componentId,
    situation,
    [{ from: nowMs - EVIDENCE_WINDOW_MS, to: nowMs }],
    nowMs,
  ).then(([now]) => now!);
  memo.set(key, { evidence, at: nowMs });
  // A failed read must not be remembered.
  evidence.catch(() => memo.delete(key));
  if (memo.size > 1000) memo.clear();
  return evidence;
}
