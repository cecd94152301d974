import { describe, expect, it } from "vitest";
import { saveBaselineRows } from "../../src/data/detector";
import { reportStats } from "../../src/data/stats";
import { slotOfWeek } from "../../src/detection/time";
import type { Symptom } from "../../src/domain/symptoms";
import { db, HUABEI_COMPONENTS, reportOf, seedReports } from "../seed";

const MINUTE = 60_000;

describe("reportStats", () => {
  it("buckets distinct reporters per 5 minutes by class, with the usual level, top symptoms and regions", async () => {
    const nowMs = Date.UTC(2026, 0, 5, 4, 2, 30); // 12:02:30 in Shanghai
    const nowMinute = Math.floor(nowMs / MINUTE);
    /** `reporters` distinct people report `symptom` on `component` during `minute`. */
    const crowd = (
      component: string,
      minute: number,
      symptom: Symptom,
      region: string | undefined,
      reporters: number,
    ) =>
      Array.from({ length: reporters }, (_, i) =>
        reportOf({ component, symptom, region }, { receivedAt: minute * MINUTE + i * 1000 }),
      );
    const repeater = "stats-repeater";
    const stored = await seedReports([
      ...crowd("online-pay", nowMinute, "system_busy", "ZJ", 3),
      // The fourth reporter of that minute reports twice: stored, counted once.
      reportOf(
        { component: "online-pay", symptom: "system_busy", region: "ZJ" },
        {
          receivedAt: nowMinute * MINUTE + 10_000,
          fingerprint: repeater,
        },
      ),
      reportOf(
        { component: "online-pay", symptom: "system_busy", region: "ZJ" },
        {
          receivedAt: nowMinute * MINUTE + 20_000,
          fingerprint: repeater,
        },
      ),
      ...crowd("online-pay", nowMinute - 1, "system_busy", undefined, 3),
      ...crowd("repayment", nowMinute - 1, "overdue", "GD", 2),
      ...crowd("online-pay", nowMinute - 7, "merchant_unsupported", "ZJ", 1),
      // Two hours back: outside a 1-hour window and outside "the last hour" of top symptoms.
      ...crowd("online-pay", nowMinute - 120, "cannot_load", "BJ", 9),
    ]);
    expect(stored).toBe(20);
    // The usual level: 0.2 reporters a minute for online-pay technical in the current slot, 0.1 for repayment account.
    const slot = slotOfWeek(nowMinute);
    await saveBaselineRows(db, "online-pay", [{ symptomClass: "technical", slot, mean: 0.2, samples: 100 }], nowMs);
    await saveBaselineRows(db, "repayment", [{ symptomClass: "account", slot, mean: 0.1, samples: 100 }], nowMs);

    const stats = await reportStats(db, { nowMs, windowMs: 60 * MINUTE, componentIds: HUABEI_COMPONENTS });
    expect(stats.bucketMs).toBe(5 * MINUTE);
    expect(stats.buckets).toHaveLength(12);
    expect(stats.to).toBe(Date.UTC(2026, 0, 5, 4, 5));
    const last = stats.buckets.at(-1)!;
    // 12:00–12:05: 4 + 3 technical reporters (the repeat not counted), 2 account.
    expect(last).toMatchObject({ start: Date.UTC(2026, 0, 5, 4, 0), technical: 7, account: 2, other: 0 });
    expect(last.usual).toBeCloseTo(5 * (0.2 + 0.1), 5);
    expect(stats.buckets.at(-2)).toMatchObject({ technical: 0, account: 0, other: 1, usual: 0 });
    expect(stats.total).toBe(10);
    expect(stats.topSymptoms).toEqual([
      { symptom: "system_busy", reporters: 7 },
      { symptom: "overdue", reporters: 2 },
      { symptom: "merchant_unsupported", reporters: 1 },
    ]);
    // Reports without a region are left out of the regions.
    expect(stats.regions).toEqual([
      { region: "ZJ", reporters: 5 },
      { region: "GD", reporters: 2 },
    ]);

    const onePay = await reportStats(db, {
      nowMs,
      windowMs: 60 * MINUTE,
      componentIds: HUABEI_COMPONENTS,
      componentId: "online-pay",
    });
    expect(onePay.total).toBe(8);
    expect(onePay.buckets.at(-1)!.usual).toBeCloseTo(5 * 0.2, 5);
    expect(onePay.topSymptoms).toEqual([
      { symptom: "system_busy", reporters: 7 },
      { symptom: "merchant_unsupported", reporters: 1 },
    ]);
    expect(onePay.regions).toEqual([{ region: "ZJ", reporters: 5 }]);

    // A window reaching two hours back counts the older crowd too.
    const threeHours = await reportStats(db, { nowMs, windowMs: 3 * 60 * MINUTE, componentIds: HUABEI_COMPONENTS });
    expect(threeHours.total).toBe(19);
    expect(threeHours.regions[0]).toEqual({ region: "BJ", reporters: 9 });
  });
});
