import { describe, expect, it } from "vitest";
import { isRepeat, REPEAT_WINDOW_MS, RepeatTracker, repeatsWithinBatch } from "../../src/detection/repeat";

describe("repeat rule", () => {
  it("marks a report within 30 minutes of the previous one as a repeat, not one at 30 minutes", () => {
    expect(isRepeat(undefined, 1_000)).toBe(false);
    expect(isRepeat(0, REPEAT_WINDOW_MS - 1)).toBe(true);
    expect(isRepeat(0, REPEAT_WINDOW_MS)).toBe(false);
  });

  it("tracks reporters per component, and the window slides with every report", () => {
    const t = new RepeatTracker();
    const min = 60_000;
    expect(t.mark("u1", "online-pay", 0)).toBe(false);
    expect(t.mark("u1", "offline-pay", 1 * min)).toBe(false);
    expect(t.mark("u2", "online-pay", 2 * min)).toBe(false);
    // Someone who keeps reporting every 20 minutes is counted once.
    expect(t.mark("u1", "online-pay", 20 * min)).toBe(true);
    expect(t.mark("u1", "online-pay", 40 * min)).toBe(true);
    expect(t.mark("u1", "online-pay", 71 * min)).toBe(false);
  });

  it("caps a spammer at one distinct count per half hour", () => {
    const t = new RepeatTracker();
    let counted = 0;
    for (let i = 0; i < 600; i++) if (!t.mark("spammer", "online-pay", i * 5_000)) counted++;
    expect(counted).toBe(1);
  });

  it("marks repeats within one batch by reporter and component, however the batch is ordered", () => {
    const min = 60_000;
    const report = (fingerprint: string, componentId: string, receivedAt: number) => ({
      fingerprint,
      componentId,
      receivedAt,
    });
    expect(
      repeatsWithinBatch([
        report("u1", "online-pay", 10 * min),
        report("u1", "offline-pay", 11 * min),
        report("u2", "online-pay", 12 * min),
        report("u1", "online-pay", 20 * min),
        // Arrived out of order: an earlier element received later still makes it a repeat, as a stored one would.
        report("u2", "online-pay", 5 * min),
        // 30 minutes after u1's latest report on online-pay: counted again.
        report("u1", "online-pay", 50 * min),
      ]),
    ).toEqual([false, false, false, true, true, false]);
    expect(repeatsWithinBatch([])).toEqual([]);
  });
});
