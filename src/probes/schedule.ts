/**
 * Which probes run in a given cron minute. A probe with an interval of N
 * minutes runs in the minutes where `minute % N` equals a slot derived from
 * its id, so many 5-minute probes spread over five minutes instead of all
 * firing together. A probe that missed its slot (new, cron skipped, or cut by
 * the per-run cap) is overdue and runs at the next chance, most overdue first.
 */

/**
 * Subrequests one cron run may spend on probes. Workers allow 50 per invocation
 * on the free plan; the detector, retention and D1 share the rest.
 */
export const MAX_CHECKS_PER_RUN = 25;

export interface Schedulable {
  id: string;
  intervalMinutes: number;
  /** epoch ms of the last run, null if never run. */
  lastRunAt: number | null;
}

/** A stable number in [0, 2^32) from the id (FNV-1a), so a probe keeps its slot across runs and isolates. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function slotOf(id: string, intervalMinutes: number): number {
  return stableHash(id) % Math.max(1, intervalMinutes);
}

/** Minutes past the probe's last due time (0 = due right now, negative = not due). */
export function overdueBy(probe: Schedulable, minute: number): number {
  const interval = Math.max(1, probe.intervalMinutes);
  if (probe.lastRunAt === null) return interval; // never run: as urgent as a whole missed interval
  const lastMinute = Math.floor(probe.lastRunAt / 60_000);
  if (lastMinute >= minute) return -1; // already ran in this minute (a repeated cron delivery)
  const sinceLast = minute - lastMinute;
  if (sinceLast > interval) return sinceLast - interval;
  return (minute - slotOf(probe.id, interval)) % interval === 0 ? 0 : -1;
}

/** The probes to run in `minute` (epoch minutes), at most `cap`, most overdue first. */
export function selectDue<P extends Schedulable>(probes: readonly P[], minute: number, cap = MAX_CHECKS_PER_RUN): P[] {
  return probes
    .map((probe) => ({ probe, overdue: overdueBy(probe, minute) }))
    .filter((entry) => entry.overdue >= 0)
    .sort((a, b) => b.overdue - a.overdue || a.probe.id.localeCompare(b.probe.id))
    .slice(0, cap)
    .map((entry) => entry.probe);
}
