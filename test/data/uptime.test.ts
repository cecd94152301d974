import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createIncident, dismissIncident, resolveIncident } from "../../src/data/incident-writes";
import { componentUptime } from "../../src/data/uptime";
import type { ComponentStatus } from "../../src/domain/symptoms";
import { rollupDays } from "../../src/jobs/probes";
import { NOW, seedProbeHistory } from "../probe-history";
import { db } from "../seed";

const TZ = "Asia/Shanghai";

/** An operator's incident on one component from `from` until `until` (still open when null). */
async function declared(componentId: string, status: ComponentStatus, from: string, until: string | null) {
  const { incident } = await createIncident(db, {
    serviceId: "huabei",
    name: `${componentId} ${status}`,
    components: { [componentId]: status },
    startedAt: Date.parse(from),
    now: Date.parse(from),
  });
  if (until) await resolveIncident(db, incident.id, { now: Date.parse(until) });
  return incident.id;
}

let maintenanceId = "";
let major = "";
let partial = "";

describe("componentUptime", () => {
  beforeAll(async () => {
    // online-pay and offline-pay: probe checks, offline-pay's maintenance, rolled up by the housekeeping job.
    ({ maintenanceId } = await seedProbeHistory());
    expect(await rollupDays(env, NOW)).toEqual(["2026-03-10", "2026-03-11"]);

    // repayment, no probe: a detection dismissed as a false alarm on 9 March (Shanghai), which never counts…
    const detected = await createIncident(db, {
      serviceId: "huabei",
      name: "false alarm",
      components: { repayment: "major_outage" },
      source: "detected",
      detectedKind: "outage",
      startedAt: Date.parse("2026-03-08T18:00:00Z"),
      now: Date.parse("2026-03-08T18:00:00Z"),
    });
    await dismissIncident(db, detected.incident.id, { now: Date.parse("2026-03-08T23:00:00Z") });
    // …then a major outage 02:00–03:00 and a partial one 04:00–06:00 on 10 March (Shanghai).
    major = await declared("repayment", "major_outage", "2026-03-09T18:00:00Z", "2026-03-09T19:00:00Z");
    partial = await declared("repayment", "partial_outage", "2026-03-09T20:00:00Z", "2026-03-09T22:00:00Z");
    // credit-account: an outage still open since 00:15 today (Shanghai).
    await declared("credit-account", "major_outage", "2026-03-10T16:15:00Z", null);
  });

  it("folds probes, incidents and maintenance into Shanghai days", async () => {
    const uptime = await componentUptime(db, { days: 3, nowMs: NOW, timeZone: TZ });
    const byId = Object.fromEntries(uptime.map((u) => [u.component_id, u]));
    expect(uptime.map((u) => u.component_id)).toEqual([
      "online-pay",
      "offline-pay",
      "repayment",
      "credit-account",
      "app-login",
    ]);

    const online = byId["online-pay"]!;
    expect(online.days.map((d) => d.day)).toEqual(["2026-03-09", "2026-03-10", "2026-03-11"]);
    expect(online.days.map((d) => [d.uptime_pct, d.worst_status, d.checks])).toEqual([
      [100, "operational", 0],
      [75, "major_outage", 4],
      [100, "operational", 2],
    ]);
    expect(online.days[1]).toMatchObject({ latency_p50: 200, latency_p95: 300, downtime_minutes: 360 });

    const offline = byId["offline-pay"]!.days[1]!;
    expect(offline).toMatchObject({ uptime_pct: 100, worst_status: "under_maintenance", maintenance_minutes: 60 });
    expect(offline.incidents.map((i) => i.id)).toEqual([maintenanceId]);

    const repayment = byId.repayment!;
    expect(repayment.days[0]).toMatchObject({
      day: "2026-03-09",
      uptime_pct: 100,
      worst_status: "operational",
      incidents: [],
    });
    const expected = Math.floor(100 * (1 - (60 + 0.3 * 120) / 1440) * 100) / 100;
    expect(repayment.days[1]).toMatchObject({
      uptime_pct: expected,
      worst_status: "major_outage",
      downtime_minutes: 180,
      checks: 0,
    });
    expect(repayment.days[1]!.incidents.map((i) => i.id).sort()).toEqual([major, partial].sort());
    expect(repayment.uptime_pct).toBe(Math.floor(((100 + expected + 100) / 3) * 100) / 100);

    // 15 of the 30 minutes of today so far were down.
    expect(byId["credit-account"]!.days[2]).toMatchObject({
      uptime_pct: 50,
      worst_status: "major_outage",
      downtime_minutes: 15,
    });
  });

  it("filters components and limits days", async () => {
    const uptime = await componentUptime(db, { componentIds: ["repayment"], days: 1, nowMs: NOW, timeZone: TZ });
    expect(uptime).toHaveLength(1);
    expect(uptime[0]!.days.map((d) => d.day)).toEqual(["2026-03-11"]);
  });
});
