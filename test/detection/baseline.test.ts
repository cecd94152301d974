import { describe, expect, it } from "vitest";
import {
  baselineFromRows,
  baselineProfile,
  baselineRows,
  emptyBaseline,
  learnableUntilMinute,
  learningExclusions,
  refreshBaseline,
} from "../../src/detection/baseline";
import { slotOfWeek } from "../../src/detection/time";
import type { RollupRow } from "../../src/detection/types";

const MIN = 60_000;
// Monday 2026-10-12 00:00 in China = Sunday 16:00 UTC.
const MONDAY_CST = Date.UTC(2026, 9, 11, 16, 0) / MIN;

/** `perMinute(minute)` technical reporters in every minute of [from, to). */
function rows(from: number, to: number, perMinute: (m: number) => number): RollupRow[] {
  const out: RollupRow[] = [];
  for (let m = from; m < to; m++) {
    const n = perMinute(m);
    if (n > 0) out.push({ minute: m, symptomClass: "technical", region: "ZJ", reporters: n, reports: n });
  }
  return out;
}

describe("baseline", () => {
  it("puts slot 0 at Monday 00:00 China time", () => {
    expect(slotOfWeek(MONDAY_CST)).toBe(0);
    expect(slotOfWeek(MONDAY_CST + 15)).toBe(1);
    expect(slotOfWeek(MONDAY_CST - 1)).toBe(671);
  });

  it("learns incrementally, and two refreshes equal one", () => {
    const data = rows(MONDAY_CST, MONDAY_CST + 240, (m) => (m % 2 === 0 ? 2 : 0));
    const once = refreshBaseline(emptyBaseline(), {
      rollups: data,
      untilMinute: MONDAY_CST + 240,
      startMinute: MONDAY_CST,
      exclusions: [],
    });
    const half = refreshBaseline(emptyBaseline(), {
      rollups: data,
      untilMinute: MONDAY_CST + 120,
      startMinute: MONDAY_CST,
      exclusions: [],
    });
    const twice = refreshBaseline(half, {
      rollups: data,
      untilMinute: MONDAY_CST + 240,
      startMinute: MONDAY_CST,
      exclusions: [],
    });
    expect(twice).toEqual(once);
    expect(once.learnedUntilMinute).toBe(MONDAY_CST + 240);
    expect(once.stats.technical.minutes[0]).toBe(15);
    expect(once.stats.technical.reporters[0]).toBe(15 + 1);
    // Nothing new to learn: the same object comes back.
    expect(
      refreshBaseline(once, { rollups: data, untilMinute: MONDAY_CST + 240, startMinute: MONDAY_CST, exclusions: [] }),
    ).toBe(once);
  });

  it("keeps excluded intervals (an outage) out of what it learns", () => {
    const outage = { from: (MONDAY_CST + 60) * MIN, to: (MONDAY_CST + 120) * MIN };
    const data = rows(MONDAY_CST, MONDAY_CST + 180, (m) => (m >= MONDAY_CST + 60 && m < MONDAY_CST + 120 ? 30 : 1));
    const b = refreshBaseline(emptyBaseline(), {
      rollups: data,
      untilMinute: MONDAY_CST + 180,
      startMinute: MONDAY_CST,
      exclusions: [outage],
    });
    const learned = b.stats.technical;
    expect(learned.minutes.reduce((a, x) => a + x, 0)).toBe(120);
    expect(learned.reporters.reduce((a, x) => a + x, 0)).toBe(120);
    const profile = baselineProfile(b);
    expect(Math.max(...profile.rates.technical!)).toBeCloseTo(1, 5);
  });

  it("shrinks unseen slots toward what is known and tracks a day/night rhythm once seen", () => {
    // One day: 0.1/min at night (00-08 CST), 2/min by day.
    const day = rows(MONDAY_CST, MONDAY_CST + 1440, (m) => (m - MONDAY_CST < 480 ? (m % 10 === 0 ? 1 : 0) : 2));
    const b = refreshBaseline(emptyBaseline(), {
      rollups: day,
      untilMinute: MONDAY_CST + 1440,
      startMinute: MONDAY_CST,
      exclusions: [],
    });
    const rates = baselineProfile(b).rates.technical!;
    const nightTuesday = rates[96 + 12]!; // Tuesday 03:00, never seen: borrows Monday's time of day
    const noonTuesday = rates[96 + 48]!;
    expect(nightTuesday).toBeLessThan(0.5);
    expect(noonTuesday).toBeGreaterThan(1.5);
    expect(baselineProfile(b).learnedMinutes.technical).toBe(1440);
    expect(baselineProfile(emptyBaseline()).rates.technical).toBeNull();
  });

  it("forgets: a slot never holds more than the configured minutes", () => {
    let b = emptyBaseline();
    for (let week = 0; week < 10; week++) {
      const from = MONDAY_CST + week * 10080;
      b = refreshBaseline(b, {
        rollups: rows(from, from + 15, () => week),
        untilMinute: from + 15,
        startMinute: from,
        exclusions: [],
      });
      b = { ...b, learnedUntilMinute: from + 10080 };
    }
    expect(b.stats.technical.minutes[0]).toBe(90);
    // Recent weeks weigh more than a plain average (which would be 4.5).
    expect(b.stats.technical.reporters[0]! / 90).toBeGreaterThan(4.5);
  });

  it("round-trips through the baselines table rows", () => {
    const b = refreshBaseline(emptyBaseline(), {
      rollups: rows(MONDAY_CST, MONDAY_CST + 120, () => 3),
      untilMinute: MONDAY_CST + 120,
      startMinute: MONDAY_CST,
      exclusions: [],
    });
    const back = baselineFromRows(baselineRows(b), b.learnedUntilMinute);
    // The table mirrors the slots; the per-province counts live in the detector record only.
    expect(back.stats).toEqual(b.stats);
    expect(back.learnedUntilMinute).toBe(b.learnedUntilMinute);
  });

  it("learns only whole hours older than the lag, and pads episodes", () => {
    const now = Date.UTC(2026, 9, 12, 10, 30);
    expect(learnableUntilMinute(now)).toBe(Date.UTC(2026, 9, 12, 8, 0) / MIN);
    const [ep, maint] = learningExclusions(
      [{ openedAt: 100 * MIN, resolvedAt: null }],
      [{ startsAt: 0, endsAt: 10 * MIN }],
    );
    expect(ep).toEqual({ from: 70 * MIN, to: Number.POSITIVE_INFINITY });
    expect(maint).toEqual({ from: 0, to: 40 * MIN });
  });
});
