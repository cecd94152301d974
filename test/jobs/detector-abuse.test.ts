import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { postReport, runCronAt } from "../helpers";
import { resetReports, resetStatus } from "../seed";

const MINUTE = 60_000;
const PROVINCES = ["ZJ", "GD", "BJ", "SH", "JS", "SC", "HB", "FJ"];

const tick = runCronAt;

async function openDetectedIncidents(component: string) {
  const rows = await env.DB.prepare(
    `SELECT i.id FROM incidents i JOIN incident_components c ON c.incident_id = i.id
     WHERE i.source = 'detected' AND i.resolved_at IS NULL AND c.component_id = ?`,
  )
    .bind(component)
    .all();
  return rows.results.length;
}

async function componentStatus(id: string) {
  const row = await env.DB.prepare("SELECT status FROM components WHERE id = ?").bind(id).first<{ status: string }>();
  return row?.status;
}

/** An hour of history: a report now and then, the cron every minute. Returns the next minute. */
async function quietHour(component: string, start: number): Promise<number> {
  let now = start;
  for (let n = 0; now < start + 60 * MINUTE; now += MINUTE, n++) {
    if (n % 10 === 0) {
      const quiet = await postReport(
        { component, symptom: "overdue", region: "ZJ", occurred_at: new Date(now).toISOString() },
        { ip: `192.0.2.${n}` },
      );
      expect(quiet.status).toBe(201);
    }
    await tick(now);
  }
  return now;
}

/** 90 technical reports over 90 seconds from `sourceOf(i)`, each with its own User-Agent and a claimed province. */
async function flood(component: string, at: number, sourceOf: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 90; i++) {
    const response = await postReport(
      {
        component,
        symptom: i % 2 ? "system_busy" : "payment_failed",
        region: PROVINCES[i % PROVINCES.length],
        occurred_at: new Date(at + i * 1000).toISOString(),
      },
      { ip: sourceOf(i), userAgent: `Mozilla/5.0 (rotating ${i})` },
    );
    statuses.push(response.status);
  }
  return statuses;
}

describe("one network cannot fake an outage", () => {
  beforeEach(async () => {
    await resetReports();
    await resetStatus();
  });

  it("90 reports from one address with 90 User-Agents and eight provinces open nothing; 45 networks do", {
    timeout: 180_000,
  }, async () => {
    const start = Math.floor((Date.now() - 150 * MINUTE) / MINUTE) * MINUTE;
    let now = await quietHour("offline-pay", start);

    const attack = await flood("offline-pay", now, () => "198.51.100.66");
    // Whatever gets through the per-network rate limit counts as (about) one person.
    expect(attack.every((status) => status === 201 || status === 429)).toBe(true);
    expect(attack.filter((status) => status === 201).length).toBeGreaterThan(0);
    for (let minute = 0; minute < 5; minute++, now += MINUTE) await tick(now + 2 * MINUTE);
    expect(await openDetectedIncidents("offline-pay")).toBe(0);
    expect(await componentStatus("offline-pay")).toBe("operational");

    // The control: the same flood from 45 networks (two reports each) is a real crowd.
    const control = await flood("online-pay", now, (i) => `203.0.113.${Math.floor(i / 2) + 1}`);
    expect(control.every((status) => status === 201)).toBe(true);
    for (let minute = 0; minute < 5; minute++, now += MINUTE) await tick(now + 2 * MINUTE);
    expect(await openDetectedIncidents("online-pay")).toBe(1);
    expect(await componentStatus("online-pay")).toBe("partial_outage");
  });
});
