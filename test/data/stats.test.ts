import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { reportStats } from "../../src/data/stats";
import { database } from "../../src/db/client";
import { slotOfWeek } from "../../src/detection/time";

const db = database(env.DB);

describe("reportStats", () => {
  it("buckets distinct reporters per 5 minutes by class, with the usual level, top symptoms and regions", async () => {
    const nowMs = Date.UTC(2026, 0, 5, 4, 2, 30); // 12:02:30 in Shanghai
    const nowMinute = Math.floor(nowMs / 60_000);
    const rows: [string, number, string, string, number][] = [
      ["online-pay", nowMinute, "technical", "ZJ", 4],
      ["online-pay", nowMinute - 1, "technical", "", 3],
      ["repayment", nowMinute - 1, "account", "GD", 2],
      ["online-pay", nowMinute - 7, "merchant", "ZJ", 1],
      ["online-pay", nowMinute - 30 * 60, "technical", "BJ", 9], // outside a 1-hour window
    ];
    for (const [component, minute, cls, region, reporters] of rows) {
      await env.DB.prepare(
        "INSERT INTO report_rollups (component_id, minute, symptom_class, region, reporters, reports) VALUES (?, ?, ?, ?, ?, ?)",
      )
        .bind(component, minute, cls, region, reporters, reporters)
        .run();
    }
    await env.DB.prepare(
      "INSERT INTO symptom_rollups (component_id, minute, symptom, reporters) VALUES ('online-pay', ?, 'system_busy', 7), ('repayment', ?, 'overdue', 2), ('online-pay', ?, 'cannot_load', 5)",
    )
      .bind(nowMinute, nowMinute - 1, nowMinute - 120)
      .run();
    // Usual level: 0.2 reporters a minute for online-pay technical in the current slot, 0.1 for repayment.
    const slot = slotOfWeek(nowMinute);
    await env.DB.prepare(
      "INSERT INTO baselines (component_id, symptom_class, slot, mean, variance, samples, updated_at) VALUES ('online-pay', 'technical', ?, 0.2, 0.2, 100, 0), ('repayment', 'account', ?, 0.1, 0.1, 100, 0)",
    )
      .bind(slot, slot)
      .run();

    const stats = await reportStats(db, { nowMs, windowMs: 60 * 60_000 });
    expect(stats.bucketMs).toBe(300_000);
    expect(stats.buckets).toHaveLength(12);
    expect(stats.to).toBe(Date.UTC(2026, 0, 5, 4, 5));
    const last = stats.buckets.at(-1)!;
    expect(last).toMatchObject({ start: Date.UTC(2026, 0, 5, 4, 0), technical: 7, account: 2, other: 0 });
    expect(last.usual).toBeCloseTo(5 * 0.3, 5);
    expect(stats.buckets.at(-2)).toMatchObject({ technical: 0, account: 0, other: 1 });
    expect(stats.total).toBe(10);
    expect(stats.topSymptoms).toEqual([
      { symptom: "system_busy", reporters: 7 },
      { symptom: "overdue", reporters: 2 },
    ]);
    expect(stats.regions).toEqual([
      { region: "ZJ", reporters: 5 },
      { region: "GD", reporters: 2 },
    ]);

    const onePay = await reportStats(db, { nowMs, windowMs: 60 * 60_000, componentId: "online-pay" });
    expect(onePay.total).toBe(8);
    expect(onePay.buckets.at(-1)!.usual).toBeCloseTo(1, 5);
    expect(onePay.regions).toEqual([{ region: "ZJ", reporters: 5 }]);
  });
});
