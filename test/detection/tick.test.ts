import { describe, expect, it } from "vitest";
import { type DetectorRecord, readPlan, runTick } from "../../src/detection/tick";
import type { RollupRow } from "../../src/detection/types";

const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 12, 0, 0);

describe("cron tick", () => {
  it("plans the reads, refreshes the baseline hourly, and survives a JSON round trip", () => {
    const rows: RollupRow[] = [];
    let record: DetectorRecord | null = null;
    let refreshes = 0;
    for (let i = 1; i <= 6 * 60; i++) {
      const now = T0 + i * MIN;
      rows.push({
        minute: now / MIN - 1,
        symptomClass: "account",
        region: "ZJ",
        reporters: i % 3 === 0 ? 1 : 0,
        reports: 1,
      });
      const plan = readPlan(record, now);
      expect(plan.rollupsFromMinute).toBe(now / MIN - 180);
      expect(plan.probesFromMs).toBe(now - 15 * MIN);
      if (plan.learn) refreshes++;
      const learningRollups = plan.learn
        ? rows.filter((r) => r.minute >= plan.learn!.fromMinute && r.minute < plan.learn!.untilMinute)
        : [];
      const result = runTick(record, {
        now,
        rollups: rows.filter((r) => r.minute >= plan.rollupsFromMinute),
        probes: [],
        maintenances: [],
        learningRollups,
        dataStartMs: T0,
      });
      expect(result.status).toBe("operational");
      // What the Worker stores is plain JSON.
      record = JSON.parse(JSON.stringify(result.record)) as DetectorRecord;
    }
    // Hours 3, 4, 5 and 6 each learn one more hour (two hours of lag).
    expect(refreshes).toBe(4);
    expect(record!.baseline.learnedUntilMinute).toBe(T0 / MIN + 4 * 60);
    expect(record!.profile!.learnedMinutes.account).toBe(4 * 60);
    expect(record!.profile!.rates.account![0]).toBeGreaterThan(0);
  });
});
