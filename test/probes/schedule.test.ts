import { describe, expect, it } from "vitest";
import { overdueBy, selectDue, slotOf } from "../../src/probes/schedule";

const MIN = 60_000;

describe("due selection", () => {
  const minute = 29_000_000; // an epoch minute
  it("runs a never-run probe at once and not twice in one minute", () => {
    expect(overdueBy({ id: "a", intervalMinutes: 5, lastRunAt: null }, minute)).toBeGreaterThan(0);
    expect(overdueBy({ id: "a", intervalMinutes: 1, lastRunAt: minute * MIN + 5_000 }, minute)).toBe(-1);
  });
  it("runs an every-minute probe every minute", () => {
    expect(overdueBy({ id: "a", intervalMinutes: 1, lastRunAt: (minute - 1) * MIN }, minute)).toBe(0);
  });
  it("runs a 5-minute probe only in its slot, or when it missed it", () => {
    const slot = slotOf("p5", 5);
    const dueMinute = minute - (minute % 5) + slot + 5;
    const probe = { id: "p5", intervalMinutes: 5, lastRunAt: (dueMinute - 5) * MIN };
    expect(overdueBy(probe, dueMinute)).toBe(0);
    for (let m = dueMinute - 4; m < dueMinute; m++) expect(overdueBy(probe, m)).toBe(-1);
    expect(overdueBy({ ...probe, lastRunAt: (dueMinute - 8) * MIN }, dueMinute + 1)).toBe(4);
  });
  it("spreads many 5-minute probes over the five minutes, each once per interval", () => {
    // Start from a cold start (never run): afterwards each probe settles into its slot.
    const probes = Array.from({ length: 100 }, (_, i) => ({
      id: `probe-${i}`,
      intervalMinutes: 5,
      lastRunAt: null as number | null,
    }));
    const runsPerMinute: number[] = [];
    for (let m = minute; m < minute + 20; m++) {
      const due = selectDue(probes, m, 1000);
      for (const probe of due) probe.lastRunAt = m * MIN;
      runsPerMinute.push(due.length);
    }
    expect(runsPerMinute[0]).toBe(100);
    const settled = runsPerMinute.slice(10, 15);
    expect(settled.reduce((a, b) => a + b, 0)).toBe(100);
    for (const count of settled) expect(count).toBeLessThan(40);
  });
  it("caps a run and takes the most overdue first", () => {
    const probes = [
      { id: "fresh", intervalMinutes: 1, lastRunAt: (minute - 1) * MIN },
      { id: "late", intervalMinutes: 1, lastRunAt: (minute - 30) * MIN },
      { id: "later", intervalMinutes: 1, lastRunAt: (minute - 60) * MIN },
    ];
    expect(selectDue(probes, minute, 2).map((p) => p.id)).toEqual(["later", "late"]);
  });
});
