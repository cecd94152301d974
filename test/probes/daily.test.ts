import { describe, expect, it } from "vitest";
import {
  declaredDay,
  mergeDay,
  probeStatus,
  type RawCheck,
  rollupComponentDays,
  rollupProbeDays,
} from "../../src/probes/daily";
import { dayBounds } from "../../src/probes/days";

const TZ = "Asia/Shanghai";
const MIN = 60_000;

describe("daily rollups", () => {
  const check = (probeId: string, iso: string, ok: boolean, latencyMs: number | null = 100): RawCheck => ({
    probeId,
    componentId: "online-pay",
    checkedAt: Date.parse(iso),
    ok,
    degraded: false,
    latencyMs,
  });
  it("splits checks at local midnight, not UTC midnight", () => {
    const days = rollupProbeDays(
      [check("a", "2026-03-09T15:59:00Z", false), check("a", "2026-03-09T16:01:00Z", true)],
      TZ,
    );
    expect(days.map((d) => [d.day, d.checks, d.failures])).toEqual([
      ["2026-03-09", 1, 1],
      ["2026-03-10", 1, 0],
    ]);
  });
  it("leaves checks inside maintenance out of the component's day", () => {
    const checks = [check("a", "2026-03-10T01:00:00Z", false), check("a", "2026-03-10T03:00:00Z", true)];
    const maintenance = new Map([
      ["online-pay", [{ from: Date.parse("2026-03-10T00:30:00Z"), to: Date.parse("2026-03-10T01:30:00Z") }]],
    ]);
    const [day] = rollupComponentDays(checks, maintenance, TZ, Date.parse("2026-03-11T00:00:00Z"), (d) =>
      dayBounds(d, TZ),
    );
    expect(day).toMatchObject({
      day: "2026-03-10",
      checks: 1,
      failures: 0,
      uptimePct: 100,
      worstStatus: "operational",
    });
  });
  it("maps failure shares to statuses", () => {
    expect(probeStatus(0, 0)).toBe("operational");
    expect(probeStatus(0.001, 0)).toBe("degraded_performance");
    expect(probeStatus(0.05, 0)).toBe("partial_outage");
    expect(probeStatus(0.5, 0)).toBe("major_outage");
  });
  it("weighs declared outages like Statuspage and lets the worse source win", () => {
    const bounds = dayBounds("2026-03-10", TZ);
    const declared = declaredDay(
      [
        { from: bounds.start + 60 * MIN, to: bounds.start + 120 * MIN, status: "major_outage" },
        { from: bounds.start + 90 * MIN, to: bounds.start + 190 * MIN, status: "partial_outage" },
        { from: bounds.start + 600 * MIN, to: bounds.start + 660 * MIN, status: "under_maintenance" },
      ],
      bounds,
      bounds.end + 1,
    );
    // 60 min major + 70 min partial (the overlap counts once, as major).
    expect(declared.downtimeMinutes).toBe(130);
    expect(declared.maintenanceMinutes).toBe(60);
    expect(declared.worstStatus).toBe("major_outage");
    expect(declared.uptimePct).toBe(Math.floor(100 * (1 - (60 + 0.3 * 70) / 1440) * 100) / 100);
    const merged = mergeDay(
      "2026-03-10",
      {
        checks: 10,
        failures: 0,
        latencyP50: 80,
        latencyP95: 90,
        uptimePct: 100,
        worstStatus: "operational",
        downtimeMinutes: 0,
        degradedMinutes: 0,
      },
      declared,
    );
    expect(merged.uptime_pct).toBe(declared.uptimePct);
    expect(merged.worst_status).toBe("major_outage");
    expect(merged.checks).toBe(10);
  });
  it("counts an open incident up to now only", () => {
    const bounds = dayBounds("2026-03-10", TZ);
    const now = bounds.start + 120 * MIN;
    const declared = declaredDay([{ from: bounds.start + 60 * MIN, to: null, status: "major_outage" }], bounds, now);
    expect(declared.downtimeMinutes).toBe(60);
    expect(declared.uptimePct).toBe(50);
  });
});
