import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { reporterKeyOf } from "../../src/data/reporter-keys";
import { reports } from "../../src/db/schema";
import worker from "../../src/index";
import { reportRetentionJob } from "../../src/jobs/report-retention";
import { count } from "../helpers";
import { db, reportOf, resetReports, seedReports } from "../seed";

const DAY = 86_400_000;

/** One report received `ageDays` before `now` per entry, stored as the report API stores them; their ids by name. */
async function seedAged(now: number, ages: Record<string, number>): Promise<Record<string, string>> {
  const named = Object.entries(ages).map(([name, ageDays]) => ({
    name,
    report: reportOf({ component: "online-pay", symptom: "system_busy" }, { receivedAt: now - ageDays * DAY }),
  }));
  expect(await seedReports(named.map((n) => n.report))).toBe(named.length);
  return Object.fromEntries(named.map((n) => [n.name, n.report.id]));
}

async function storedIds(): Promise<string[]> {
  return (await db.select({ id: reports.id }).from(reports).orderBy(asc(reports.receivedAt))).map((r) => r.id);
}

beforeEach(resetReports);

describe("report retention", () => {
  it("deletes raw reports older than REPORT_RETENTION_DAYS and keeps the rollups", async () => {
    const now = Date.now();
    const ids = await seedAged(now, { ancient: 60, old: 31, edge: 29.9, fresh: 1 });
    const rollups = await count("report_rollups");
    expect(rollups).toBe(4); // one per report: each fell in its own minute

    const deleted = await reportRetentionJob({ ...env, REPORT_RETENTION_DAYS: "30" }, { scheduledTime: now });
    expect(deleted).toBe(2);
    expect(await storedIds()).toEqual([ids.edge, ids.fresh]);
    expect(await count("report_rollups")).toBe(rollups);
  });

  it("runs from the Worker's scheduled handler", async () => {
    const now = Date.now();
    const ids = await seedAged(now, { stale: 40, recent: 2 });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await storedIds()).toEqual([ids.recent]);
  });
});

describe("reporter keys", () => {
  it("deletes the keys of days before yesterday, so those days' hashes can never be traced again", async () => {
    const now = Date.UTC(2026, 10, 26, 3);
    for (const day of [20, 23, 24, 25, 26]) await reporterKeyOf(db, `2026-11-${day}`, now);
    await reportRetentionJob(env, { scheduledTime: now });
    const left = await env.DB.prepare("SELECT day FROM reporter_keys WHERE day LIKE '2026-11-2_' ORDER BY day").all();
    expect(left.results.map((r) => r.day)).toEqual(["2026-11-25", "2026-11-26"]);
  });
});
