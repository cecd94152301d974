import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createService } from "../../src/data/service-writes";
import { runCronAt } from "../helpers";
import { db, HUABEI_COMPONENTS, reportOf, seedReports } from "../seed";

// Several services in one deployment: a crowd on one service's component opens
// an incident on that service only, and moves nothing of another.

const MINUTE = 60_000;
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC"];

const tick = runCronAt;

async function crowd(component: string, at: number, count: number) {
  const reports = Array.from({ length: count }, (_, i) =>
    reportOf(
      { component, symptom: i % 2 ? "system_busy" : "cannot_load", region: REGIONS[i % REGIONS.length] },
      { receivedAt: at + i * 1000 },
    ),
  );
  expect(await seedReports(reports)).toBe(count);
}

describe("the detector with several services", () => {
  it("opens an incident on the crowd's service only", { timeout: 120_000 }, async () => {
    const start = Math.floor((Date.now() - 90 * MINUTE) / MINUTE) * MINUTE;
    await createService(db, { id: "wechat-pay", preset: "wechat-pay" }, start);
    let now = start;
    for (; now < start + 60 * MINUTE; now += MINUTE) await tick(now);

    for (let minute = 0; minute < 8; minute++, now += MINUTE) {
      await crowd("wechat-pay-pay", now, 12);
      await tick(now + MINUTE - 1000);
    }

    const incidents = await env.DB.prepare(
      "SELECT service_id, detected_kind FROM incidents WHERE source = 'detected' AND resolved_at IS NULL",
    ).all<{ service_id: string; detected_kind: string }>();
    expect(incidents.results).toEqual([{ service_id: "wechat-pay", detected_kind: "outage" }]);
    const statuses = await env.DB.prepare("SELECT id, service_id, status FROM components ORDER BY id").all<{
      id: string;
      service_id: string;
      status: string;
    }>();
    const byId = new Map(statuses.results.map((row) => [row.id, row]));
    expect(byId.get("wechat-pay-pay")!.status).not.toBe("operational");
    for (const id of HUABEI_COMPONENTS) expect(byId.get(id)!.status, id).toBe("operational");
    for (const row of statuses.results.filter((r) => r.service_id === "wechat-pay" && r.id !== "wechat-pay-pay")) {
      expect(row.status, row.id).toBe("operational");
    }
  });
});
