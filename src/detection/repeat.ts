/**
 * The repeat rule (foundation issue): a report from the same reporter
 * (fingerprint) on the same component within 30 minutes of that reporter's
 * previous report on it is stored but marked a repeat, so it never counts as
 * another distinct reporter. The window slides with every report, repeats
 * included: someone who keeps sending counts once, however long they go on.
 * That is also the per-reporter cap: at most one count per component per
 * 30-minute window.
 */

export const REPEAT_WINDOW_MS = 30 * 60_000;

/**
 * Whether a report at `atMs` is a repeat, given the time of the same reporter's
 * latest other report on the same component (undefined when there is none):
 * less than the window apart, either way round (a queue may deliver late).
 * This is the rule itself; the D1 write applies it to stored rows with the
 * same window (src/data/reports.ts `repeatOfStored`).
 */
export function isRepeat(previousAtMs: number | undefined | null, atMs: number): boolean {
  return previousAtMs != null && Math.abs(atMs - previousAtMs) < REPEAT_WINDOW_MS;
}

/** In-memory bookkeeping of the rule for a stream in time order (replay, tests). */
export class RepeatTracker {
  private readonly lastSeen = new Map<string, number>();
  private sinceCleanup = 0;

  /** Marks one report and remembers it; returns true when it is a repeat. */
  mark(reporter: string, component: string, atMs: number): boolean {
    const key = `${component}\u0000${reporter}`;
    const repeat = isRepeat(this.lastSeen.get(key), atMs);
    this.lastSeen.set(key, Math.max(atMs, this.lastSeen.get(key) ?? atMs));
    if (++this.sinceCleanup >= 50_000) this.forgetBefore(atMs - REPEAT_WINDOW_MS);
    return repeat;
  }

  /** Keeps memory bounded on long streams: entries older than the window can no longer matter. */
  private forgetBefore(cutoffMs: number): void {
    this.sinceCleanup = 0;
    for (const [key, at] of this.lastSeen) if (at < cutoffMs) this.lastSeen.delete(key);
  }
}

/**
 * The repeat rule inside one batch of reports written together (a queue
 * batch, an import chunk), in the batch's order: true where an earlier report
 * of the batch makes this one a repeat. Stored reports are checked by the
 * write itself.
 */
export function repeatsWithinBatch(
  batch: readonly { fingerprint: string; componentId: string; receivedAt: number }[],
): boolean[] {
  const tracker = new RepeatTracker();
  return batch.map((report) => tracker.mark(report.fingerprint, report.componentId, report.receivedAt));
}
