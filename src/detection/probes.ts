import { appendTo } from "../lib/multimap";
/**
 * Synthetic checks from several locations. A location is down after
 * consecutive failures; an outage needs several locations down, so one
 * flapping vantage point never opens anything. Failures inside a maintenance
 * window belong to it: counting restarts when it ends, and for a grace period
 * a location is down only after failing for several minutes of its own.
 */
import { DEFAULT_PARAMS, type DetectorParams } from "./params";
import { MINUTE_MS } from "./time";
import type { MaintenanceWindow, ProbeResultRow } from "./types";

export interface ProbeAssessment {
  /** Locations with at least one usable result in the window. */
  known: string[];
  /** Locations down (enough consecutive failures). */
  down: string[];
  /** Locations whose latest check failed. */
  failing: string[];
  /** Enough evidence to open (or keep) an outage. */
  outage: boolean;
  /** Most locations down, or all failing: major rather than partial. */
  major: boolean;
}

export function assessProbes(
  results: readonly ProbeResultRow[],
  nowMs: number,
  maintenances: readonly MaintenanceWindow[],
  inGraceAfter: number | null,
  params: DetectorParams = DEFAULT_PARAMS,
): ProbeAssessment {
  const p = params.probes;
  const from = Math.max(nowMs - p.windowMinutes * MINUTE_MS, inGraceAfter ?? Number.NEGATIVE_INFINITY);
  const byLocation = new Map<string, ProbeResultRow[]>();
  for (const r of results) {
    if (r.at < from || r.at >= nowMs) continue;
    if (maintenances.some((m) => r.at >= m.startsAt && r.at < m.endsAt)) continue;
    appendTo(byLocation, r.location, r);
  }

  const known: string[] = [];
  const down: string[] = [];
  const failing: string[] = [];
  for (const [location, list] of byLocation) {
    list.sort((a, b) => a.at - b.at);
    known.push(location);
    let run = 0;
    for (let i = list.length - 1; i >= 0 && !list[i]!.ok; i--) run++;
    if (run >= 1) failing.push(location);
    const runSpanMs = run > 0 ? nowMs - list[list.length - run]!.at : 0;
    const longEnough = inGraceAfter === null || runSpanMs >= p.graceDownMinutes * MINUTE_MS;
    if (run >= p.failuresToDown && longEnough) down.push(location);
  }

  const allFailing =
    inGraceAfter === null && known.length >= p.allFailingMinLocations && failing.length === known.length;
  const outage = down.length >= p.minDownLocations || allFailing;
  const major = outage && (allFailing || down.length * 2 > known.length);
  return { known: known.sort(), down: down.sort(), failing: failing.sort(), outage, major };
}
