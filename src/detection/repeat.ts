/**
 * The counting rules: which reports count as another distinct reporter.
 *
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
 * The network rule: one network (an IPv4 address, an IPv6 /64) contributes at
 * most this many distinct reporters per component within the window. Not one:
 * carrier-grade NAT puts many real people behind one address. But a client
 * that rotates its User-Agent (a new fingerprint each time) stays at about one
 * person. NETWORK_REPORTER_CAP overrides it in the Worker.
 */
export const DEFAULT_NETWORK_REPORTER_CAP = 2;

export function networkReporterCap(configured: string | undefined): number {
  const cap = Number(configured);
  return Number.isInteger(cap) && cap >= 1 ? cap : DEFAULT_NETWORK_REPORTER_CAP;
}

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

/** Whether a report counts as a distinct reporter, and why not when it does not. */
export interface Counting {
  repeat: boolean;
  counted: boolean;
}

/**
 * Both rules for a stream in time order (the replay): a report counts when it
 * is no repeat and its network has not used its share on that component
 * within the window. A report without a network is its own network.
 */
export class ReporterCounter {
  private readonly repeats = new RepeatTracker();
  /** component + network → times of its counted reports, oldest first. */
  private readonly counted = new Map<string, number[]>();
  private sinceCleanup = 0;

  constructor(private readonly cap = DEFAULT_NETWORK_REPORTER_CAP) {}

  mark(reporter: string, network: string | null | undefined, component: string, atMs: number): Counting {
    const repeat = this.repeats.mark(reporter, component, atMs);
    const key = `${component}\u0000${network ?? `reporter:${reporter}`}`;
    const times = (this.counted.get(key) ?? []).filter((t) => isRepeat(t, atMs));
    const counted = !repeat && times.length < this.cap;
    if (counted) times.push(atMs);
    this.counted.set(key, times);
    if (++this.sinceCleanup >= 50_000) this.forgetBefore(atMs - REPEAT_WINDOW_MS);
    return { repeat, counted };
  }

  private forgetBefore(cutoffMs: number): void {
    this.sinceCleanup = 0;
    for (const [key, times] of this.counted) if (times.every((t) => t < cutoffMs)) this.counted.delete(key);
  }
}

/**
 * Both rules inside one batch written together, for what the stored rows
 * cannot tell: whether an earlier report of the batch makes this one a repeat,
 * and how many earlier reports of the batch from the same network and
 * component (not repeats, within the window) come before it. The write adds
 * the stored counted reports to that slot and compares with the cap.
 */
export function countingWithinBatch(
  batch: readonly { fingerprint: string; network: string; componentId: string; receivedAt: number }[],
): { repeat: boolean; networkSlot: number }[] {
  const repeats = repeatsWithinBatch(batch);
  const earlier = new Map<string, number[]>();
  return batch.map((report, i) => {
    const key = `${report.componentId}\u0000${report.network}`;
    const times = earlier.get(key) ?? [];
    const networkSlot = times.filter((t) => isRepeat(t, report.receivedAt)).length;
    if (!repeats[i]) earlier.set(key, [...times, report.receivedAt]);
    return { repeat: repeats[i]!, networkSlot };
  });
}
