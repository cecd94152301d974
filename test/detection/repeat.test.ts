import { describe, expect, it } from "vitest";
import {
  countingWithinBatch,
  DEFAULT_NETWORK_REPORTER_CAP,
  isRepeat,
  networkReporterCap,
  REPEAT_WINDOW_MS,
  RepeatTracker,
  ReporterCounter,
  repeatsWithinBatch,
} from "../../src/detection/repeat";

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

describe("network share", () => {
  const min = 60_000;

  it("lets one network contribute at most the cap of reporters per component within the window", () => {
    const counter = new ReporterCounter(2);
    const marks = Array.from({ length: 6 }, (_, i) => counter.mark(`ua-${i}`, "net-1", "online-pay", i * 1000));
    expect(marks.map((m) => m.counted)).toEqual([true, true, false, false, false, false]);
    expect(marks.every((m) => !m.repeat)).toBe(true);
    // Another component, another network: their own shares.
    expect(counter.mark("ua-9", "net-1", "repayment", 7000).counted).toBe(true);
    expect(counter.mark("ua-10", "net-2", "online-pay", 8000).counted).toBe(true);
    // Once the earlier counted reports are out of the window, the network counts again.
    expect(counter.mark("ua-11", "net-1", "online-pay", 31 * min + 2000).counted).toBe(true);
  });

  it("counts a report without a network as its own network, and never counts a repeat", () => {
    const counter = new ReporterCounter(1);
    expect(counter.mark("a", null, "online-pay", 0).counted).toBe(true);
    expect(counter.mark("b", undefined, "online-pay", 1).counted).toBe(true);
    expect(counter.mark("a", null, "online-pay", 2)).toEqual({ repeat: true, counted: false });
  });

  it("gives each report of a batch its slot among the earlier ones of its network", () => {
    const report = (fingerprint: string, network: string, receivedAt: number, componentId = "online-pay") => ({
      fingerprint,
      network,
      componentId,
      receivedAt,
    });
    expect(
      countingWithinBatch([
        report("a", "n1", 0),
        report("b", "n1", 1000),
        report("a", "n1", 2000), // a repeat: takes no slot
        report("c", "n1", 3000),
        report("d", "n2", 4000),
        report("e", "n1", 5000, "repayment"),
        report("f", "n1", 40 * min), // the window has moved on
      ]),
    ).toEqual([
      { repeat: false, networkSlot: 0 },
      { repeat: false, networkSlot: 1 },
      { repeat: true, networkSlot: 2 },
      { repeat: false, networkSlot: 2 },
      { repeat: false, networkSlot: 0 },
      { repeat: false, networkSlot: 0 },
      { repeat: false, networkSlot: 0 },
    ]);
  });

  it("reads the cap from NETWORK_REPORTER_CAP, 2 by default", () => {
    expect(networkReporterCap(undefined)).toBe(DEFAULT_NETWORK_REPORTER_CAP);
    expect(DEFAULT_NETWORK_REPORTER_CAP).toBe(2);
    expect(networkReporterCap("5")).toBe(5);
    expect(networkReporterCap("0")).toBe(2);
    expect(networkReporterCap("lots")).toBe(2);
  });
});
