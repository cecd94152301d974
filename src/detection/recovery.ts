/**
 * Recoveries as evidence that an open outage is over (issue 14). People who
 * say "it works again" are counted like reporters (one per person per
 * component per 30 minutes, each network's share), per minute. While an
 * outage is open, a minute is **recovering** when, at once:
 *
 * - at least `minRecoveries` people said it works again in the last
 *   `windowMinutes`;
 * - they are at least `minRatio` times the technical reporters of the last
 *   `fallingWindowMinutes` (more people say it works than that it does not);
 * - those reporters are at most `fallingShare` of the busiest such window
 *   since the outage opened (reports are falling).
 *
 * A recovering minute counts as calm, and the outage then resolves after
 * `recovery.calmMinutes` calm-or-recovering minutes instead of
 * `technical.calmMinutes`. Probes in outage always hold the episode, and
 * recoveries never open anything. Pure: rows in, a decision out.
 */
import { DEFAULT_PARAMS, type DetectorParams } from "./params";
import { MINUTE_MS } from "./time";
import type { RecoveryRow, RollupRow } from "./types";

export interface RecoveryAssessment {
  /** People who said it works again in the recovery window. */
  recoveries: number;
  /** Technical reporters in the falling window, and in the busiest such window since the outage opened. */
  recent: number;
  peak: number;
  recovering: boolean;
}

export function assessRecovery(
  input: {
    nowMs: number;
    /** When the open outage opened (its busiest window is looked for from then on). */
    openedAt: number;
    rollups: readonly RollupRow[];
    recoveries: readonly RecoveryRow[];
  },
  params: DetectorParams = DEFAULT_PARAMS,
): RecoveryAssessment {
  const p = params.recovery;
  const nowMinute = Math.floor(input.nowMs / MINUTE_MS);
  let recoveries = 0;
  for (const row of input.recoveries) {
    if (row.minute >= nowMinute - p.windowMinutes && row.minute < nowMinute) recoveries += row.recoveries;
  }
  // Nothing to weigh without enough recoveries: the usual case costs no scan of the rollups.
  if (recoveries < p.minRecoveries) return { recoveries, recent: 0, peak: 0, recovering: false };

  const w = p.fallingWindowMinutes;
  // Technical reporters per minute from w minutes before the opening (the rise that opened it) up to now.
  const first = Math.max(Math.floor(input.openedAt / MINUTE_MS) - w, nowMinute - 24 * 60);
  const span = Math.max(nowMinute - first, w);
  const start = nowMinute - span;
  const perMinute = new Float64Array(span);
  for (const row of input.rollups) {
    const i = row.minute - start;
    if (row.symptomClass === "technical" && i >= 0 && i < span) perMinute[i]! += row.reporters;
  }
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < span; i++) {
    sum += perMinute[i]!;
    if (i >= w) sum -= perMinute[i - w]!;
    if (i >= w - 1) peak = Math.max(peak, sum);
  }
  const recent = sum;
  const recovering = recoveries >= p.minRatio * recent && recent <= p.fallingShare * peak;
  return { recoveries, recent, peak, recovering };
}
