import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { storeReports } from "../../src/data/reports";
import { db, reportOf, resetReports } from "../seed";

async function countedOf(ids: string[]) {
  const rows = await env.DB.prepare(
    `SELECT id, counted, is_repeat FROM reports WHERE id IN (${ids.map(() => "?").join(",")})`,
  )
    .bind(...ids)
    .all<{ id: string; counted: number; is_repeat: number }>();
  return Object.fromEntries(rows.results.map((r) => [r.id, { counted: r.counted, repeat: r.is_repeat }]));
}

async function rollups() {
  const rows = await env.DB.prepare(
    "SELECT region, SUM(reporters) AS reporters, SUM(reports) AS reports FROM report_rollups GROUP BY region ORDER BY region",
  ).all<{ region: string; reporters: number; reports: number }>();
  return rows.results;
}

describe("storeReports: who counts as a distinct reporter", () => {
  beforeEach(resetReports);

  it("counts at most the cap of one network's reporters, whether they come in one batch or one at a time", async () => {
    const at = Date.now();
    const flood = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        reportOf({ component: "online-pay", symptom: "system_busy" }, { network: "one-network", receivedAt: at + i }),
      );
    const batch = flood(4);
    expect((await storeReports(db, batch, { networkCap: 2 })).stored).toBe(4);
    const later = flood(3);
    for (const report of later) await storeReports(db, [report], { networkCap: 2 });
    const counted = await countedOf([...batch, ...later].map((r) => r.id));
    expect(Object.values(counted).filter((r) => r.counted === 1)).toHaveLength(2);
    expect(Object.values(counted).every((r) => r.repeat === 0)).toBe(true);
    expect(await rollups()).toEqual([{ region: "", reporters: 2, reports: 7 }]);
  });

  it("counts other networks fully, and never a repeat of the same reporter", async () => {
    const at = Date.now();
    const reports = Array.from({ length: 5 }, (_, i) =>
      reportOf({ component: "online-pay", symptom: "system_busy" }, { network: `net-${i}`, receivedAt: at + i }),
    );
    const again = reportOf(
      { component: "online-pay", symptom: "system_busy" },
      { fingerprint: reports[0]!.fingerprint, network: reports[0]!.network, receivedAt: at + 10 },
    );
    await storeReports(db, [...reports, again], { networkCap: 2 });
    const counted = await countedOf([...reports, again].map((r) => r.id));
    expect(reports.map((r) => counted[r.id]!.counted)).toEqual([1, 1, 1, 1, 1]);
    expect(counted[again.id]).toEqual({ counted: 0, repeat: 1 });
  });

  it("rolls reports up under the region they are located in, keeping the stated one on the report", async () => {
    const located = reportOf(
      { component: "online-pay", symptom: "system_busy", region: "ZJ" },
      { locatedRegion: "GD" },
    );
    const unlocated = reportOf(
      { component: "online-pay", symptom: "system_busy", region: "SH" },
      { locatedRegion: null },
    );
    const local = reportOf({ component: "online-pay", symptom: "system_busy", region: "BJ" });
    await storeReports(db, [located, unlocated, local]);
    expect(await rollups()).toEqual([
      { region: "", reporters: 1, reports: 1 },
      { region: "BJ", reporters: 1, reports: 1 },
      { region: "GD", reporters: 1, reports: 1 },
    ]);
    const stated = await env.DB.prepare("SELECT region FROM reports WHERE id = ?").bind(located.id).first();
    expect(stated).toEqual({ region: "ZJ" });
  });
});
