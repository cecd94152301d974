import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createProbe, listProbeDays } from "../../src/data/probes";
import { componentUptime } from "../../src/data/uptime";
import { database } from "../../src/db/client";
import { componentDaily, incidentComponents, incidents, probeDaily, probeResults } from "../../src/db/schema";
import worker from "../../src/index";
import { rollupDays } from "../../src/jobs/probes";

const db = database(env.DB);
const TZ = "Asia/Shanghai";
const quietEnv = { ...env, PROBES_CONFIG: "[]" };
/** 00:30 on 11 March in Shanghai, 16:30 UTC on 10 March: a housekeeping minute just after local midnight. */
const NOW = Date.parse("2026-03-10T16:30:00Z");
const DAY = 86_400_000;

function check(probeId: string, componentId: string, iso: string | number, ok: boolean, latencyMs: number | null) {
  const checkedAt = typeof iso === "number" ? iso : Date.parse(iso);
  return {
    probeId,
    componentId,
    location: "cf-worker",
    checkedAt,
    ok,
    degraded: false,
    httpStatus: ok ? 200 : 503,
    latencyMs,
    errorClass: ok ? null : "http_status",
  };
}

async function runCron(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), quietEnv, ctx);
  await waitOnExecutionContext(ctx);
}

async function declare(
  id: string,
  componentId: string,
  values: Partial<typeof incidents.$inferInsert> & { status: string },
  componentStatus: string,
) {
  await db.insert(incidents).values({ id, name: id, createdAt: 0, updatedAt: 0, startedAt: 0, ...values });
  await db.insert(incidentComponents).values({ incidentId: id, componentId, status: componentStatus });
}

beforeAll(async () => {
  await createProbe(
    db,
    { id: "p1", component: "online-pay", name: "P1", url: "https://pay.example/", enabled: false },
    0,
  );
  await createProbe(
    db,
    { id: "p2", component: "offline-pay", name: "P2", url: "https://qr.example/", enabled: false },
    0,
  );
  await db.insert(probeResults).values([
    // Late on 10 March in Shanghai (15:50 UTC): three passes and a failure.
    check("p1", "online-pay", "2026-03-10T15:50:00Z", true, 100),
    check("p1", "online-pay", "2026-03-10T15:51:00Z", true, 300),
    check("p1", "online-pay", "2026-03-10T15:52:00Z", false, 10_000),
    check("p1", "online-pay", "2026-03-10T15:53:00Z", true, 200),
    // Same UTC day, but already 11 March in Shanghai.
    check("p1", "online-pay", "2026-03-10T16:10:00Z", true, 50),
    check("p1", "online-pay", "2026-03-10T16:11:00Z", true, 60),
    // A failure during offline-pay's maintenance (10 March, 10:00–11:00 Shanghai).
    check("p2", "offline-pay", "2026-03-10T02:30:00Z", false, null),
    check("p2", "offline-pay", "2026-03-10T04:00:00Z", true, 80),
    // Older than the 30-day retention.
    check("p1", "online-pay", NOW - 40 * DAY, false, null),
  ]);
  await declare(
    "maint-offline",
    "offline-pay",
    {
      type: "maintenance",
      status: "completed",
      impact: "maintenance",
      scheduledFor: Date.parse("2026-03-10T02:00:00Z"),
      scheduledUntil: Date.parse("2026-03-10T03:00:00Z"),
      resolvedAt: Date.parse("2026-03-10T03:00:00Z"),
    },
    "under_maintenance",
  );
  // A kept-over daily row for the old day: retention must leave it alone.
  await db
    .insert(probeDaily)
    .values({ probeId: "p1", componentId: "online-pay", day: "2026-01-29", checks: 1, failures: 1 });
  await runCron(NOW);
});

describe("daily rollups", () => {
  it("splits per probe at Shanghai midnight with p50 and p95 from passing checks", async () => {
    const rows = await db.select().from(probeDaily).where(eq(probeDaily.probeId, "p1")).orderBy(asc(probeDaily.day));
    expect(
      rows.map(({ day, checks, failures, latencyP50, latencyP95 }) => ({
        day,
        checks,
        failures,
        latencyP50,
        latencyP95,
      })),
    ).toEqual([
      { day: "2026-01-29", checks: 1, failures: 1, latencyP50: null, latencyP95: null },
      { day: "2026-03-10", checks: 4, failures: 1, latencyP50: 200, latencyP95: 300 },
      { day: "2026-03-11", checks: 2, failures: 0, latencyP50: 50, latencyP95: 60 },
    ]);
  });

  it("rolls components up per Shanghai day, maintenance left out", async () => {
    const rows = await db
      .select()
      .from(componentDaily)
      .orderBy(asc(componentDaily.componentId), asc(componentDaily.day));
    expect(
      rows.map(({ componentId, day, checks, failures, uptimePct, worstStatus }) => ({
        componentId,
        day,
        checks,
        failures,
        uptimePct,
        worstStatus,
      })),
    ).toEqual([
      {
        componentId: "offline-pay",
        day: "2026-03-10",
        checks: 1,
        failures: 0,
        uptimePct: 100,
        worstStatus: "operational",
      },
      {
        componentId: "online-pay",
        day: "2026-03-10",
        checks: 4,
        failures: 1,
        uptimePct: 75,
        worstStatus: "major_outage",
      },
      {
        componentId: "online-pay",
        day: "2026-03-11",
        checks: 2,
        failures: 0,
        uptimePct: 100,
        worstStatus: "operational",
      },
    ]);
    // The probe's own figures still show the failure: maintenance only spares the component's uptime.
    const [p2] = await db
      .select()
      .from(probeDaily)
      .where(and(eq(probeDaily.probeId, "p2"), eq(probeDaily.day, "2026-03-10")));
    expect(p2).toMatchObject({ checks: 2, failures: 1 });
  });

  it("lists per-probe days with their uptime", async () => {
    const days = await listProbeDays(db, "2026-03-10", "2026-03-11", ["p1"]);
    expect(days.map((d) => [d.day, d.uptimePct])).toEqual([
      ["2026-03-10", 75],
      ["2026-03-11", 100],
    ]);
  });

  it("gives the same figures when recomputed, and only touches today after the grace hours", async () => {
    await rollupDays(env, NOW);
    expect(
      (await db.select().from(probeDaily).where(eq(probeDaily.day, "2026-03-10"))).map((r) => r.checks).sort(),
    ).toEqual([2, 4]);
    expect(await rollupDays(env, NOW + 3 * 3_600_000)).toEqual(["2026-03-11"]);
    expect(await rollupDays(env, NOW)).toEqual(["2026-03-10", "2026-03-11"]);
  });
});

describe("retention", () => {
  it("deleted the raw result older than PROBE_RETENTION_DAYS and nothing else", async () => {
    const raw = await db.select({ checkedAt: probeResults.checkedAt }).from(probeResults);
    expect(raw).toHaveLength(8);
    expect(raw.every((r) => r.checkedAt > NOW - 30 * DAY)).toBe(true);
    expect(await db.select().from(probeDaily).where(eq(probeDaily.day, "2026-01-29"))).toHaveLength(1);
  });
});

describe("componentUptime", () => {
  beforeAll(async () => {
    // repayment: declared major outage 02:00–03:00 on 10 March (Shanghai), partial 04:00–06:00; no probe.
    await declare(
      "inc-major",
      "repayment",
      {
        status: "resolved",
        impact: "major",
        startedAt: Date.parse("2026-03-09T18:00:00Z"),
        resolvedAt: Date.parse("2026-03-09T19:00:00Z"),
      },
      "major_outage",
    );
    await declare(
      "inc-partial",
      "repayment",
      {
        status: "resolved",
        impact: "minor",
        startedAt: Date.parse("2026-03-09T20:00:00Z"),
        resolvedAt: Date.parse("2026-03-09T22:00:00Z"),
      },
      "partial_outage",
    );
    // A dismissed detection never counts.
    await declare(
      "inc-dismissed",
      "repayment",
      {
        status: "resolved",
        source: "detected",
        review: "dismissed",
        startedAt: Date.parse("2026-03-08T18:00:00Z"),
        resolvedAt: Date.parse("2026-03-08T23:00:00Z"),
      },
      "major_outage",
    );
    // credit-account: an outage still open since 00:15 today (Shanghai).
    await declare(
      "inc-open",
      "credit-account",
      { status: "investigating", impact: "critical", startedAt: Date.parse("2026-03-10T16:15:00Z") },
      "major_outage",
    );
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
    expect(offline.incidents.map((i) => i.id)).toEqual(["maint-offline"]);

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
    expect(repayment.days[1]!.incidents.map((i) => i.id).sort()).toEqual(["inc-major", "inc-partial"]);
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
