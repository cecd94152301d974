/**
 * A day and a half of probe checks around midnight in Shanghai, and a
 * maintenance window, written as the Worker writes them (the probe cron's
 * store, the maintenance API and its clock). Shared by the daily rollup tests
 * (test/jobs/probes.test.ts) and the uptime tests (test/data/uptime.test.ts).
 */
import { advanceMaintenances, scheduleMaintenance } from "../src/data/maintenance-writes";
import { createProbe, type ProbeRow, storeCronRun } from "../src/data/probes";
import type { CheckOutcome } from "../src/probes/types";
import { db } from "./seed";

/** 00:30 on 11 March in Shanghai, 16:30 UTC on 10 March: a housekeeping minute just after local midnight. */
export const NOW = Date.parse("2026-03-10T16:30:00Z");
export const DAY = 86_400_000;
/** offline-pay's maintenance, 10:00–11:00 on 10 March in Shanghai. */
export const MAINTENANCE = {
  scheduledFor: Date.parse("2026-03-10T02:00:00Z"),
  scheduledUntil: Date.parse("2026-03-10T03:00:00Z"),
};

/** One check's outcome at `iso` (or epoch ms). */
export function check(iso: string | number, ok: boolean, latencyMs: number | null): Omit<CheckOutcome, "probeId"> {
  return {
    checkedAt: typeof iso === "number" ? iso : Date.parse(iso),
    ok,
    degraded: false,
    httpStatus: ok ? 200 : 503,
    latencyMs,
    errorClass: ok ? null : "http_status",
  };
}

/** Stores checks of one probe as the probe cron stores a run's results. */
export async function storeChecks(probe: ProbeRow, checks: Omit<CheckOutcome, "probeId">[]): Promise<void> {
  const last = Math.max(...checks.map((c) => c.checkedAt));
  await storeCronRun(
    db,
    [probe],
    checks.map((c) => ({ ...c, probeId: probe.id })),
    last,
  );
}

/**
 * p1 on online-pay: three passes and a failure late on 10 March (Shanghai),
 * two passes early on 11 March (still 10 March in UTC). p2 on offline-pay: a
 * failure during the maintenance, a pass after it. Returns the probes and the maintenance's id.
 */
export async function seedProbeHistory(): Promise<{ p1: ProbeRow; p2: ProbeRow; maintenanceId: string }> {
  const p1 = await createProbe(
    db,
    { id: "p1", component: "online-pay", name: "P1", url: "https://pay.example/", enabled: false },
    0,
  );
  const p2 = await createProbe(
    db,
    { id: "p2", component: "offline-pay", name: "P2", url: "https://qr.example/", enabled: false },
    0,
  );
  await storeChecks(p1, [
    check("2026-03-10T15:50:00Z", true, 100),
    check("2026-03-10T15:51:00Z", true, 300),
    check("2026-03-10T15:52:00Z", false, 10_000),
    check("2026-03-10T15:53:00Z", true, 200),
    check("2026-03-10T16:10:00Z", true, 50),
    check("2026-03-10T16:11:00Z", true, 60),
  ]);
  await storeChecks(p2, [check("2026-03-10T02:30:00Z", false, null), check("2026-03-10T04:00:00Z", true, 80)]);
  // Scheduled as its window opens; the maintenance clock completes it when the window closes.
  const { incident } = await scheduleMaintenance(db, {
    serviceId: "huabei",
    name: "Offline payments upgrade",
    components: ["offline-pay"],
    ...MAINTENANCE,
    now: MAINTENANCE.scheduledFor,
  });
  await advanceMaintenances(db, MAINTENANCE.scheduledUntil);
  return { p1, p2, maintenanceId: incident.id };
}
