import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { reportRetentionJob } from "../../src/jobs/report-retention";
import { count } from "../helpers";

const DAY = 86_400_000;

async function seed(now: number) {
  const statements = [];
  for (const [id, ageDays] of [
    ["fresh", 1],
    ["edge", 29.9],
    ["old", 31],
    ["ancient", 60],
  ] as const) {
    const at = now - ageDays * DAY;
    statements.push(
      env.DB.prepare(
        "INSERT INTO reports (id, component_id, symptom, symptom_class, occurred_at, received_at, fingerprint, verdict) VALUES (?, 'online-pay', 'system_busy', 'technical', ?, ?, 'fp', 'unconfirmed')",
      ).bind(id, at, at),
      env.DB.prepare(
        "INSERT INTO report_rollups (component_id, minute, symptom_class, region, reporters, reports) VALUES ('online-pay', ?, 'technical', '', 1, 1)",
      ).bind(Math.floor(at / 60_000)),
    );
  }
  await env.DB.batch(statements);
}

describe("report retention", () => {
  it("deletes raw reports older than REPORT_RETENTION_DAYS and keeps the rollups", async () => {
    const now = Date.now();
    await seed(now);
    const deleted = await reportRetentionJob({ ...env, REPORT_RETENTION_DAYS: "30" }, { scheduledTime: now });
    expect(deleted).toBe(2);
    const left = await env.DB.prepare("SELECT id FROM reports ORDER BY id").all<{ id: string }>();
    expect(left.results.map((r) => r.id)).toEqual(["edge", "fresh"]);
    expect(await count("report_rollups")).toBe(4);
  });

  it("runs from the Worker's scheduled handler", async () => {
    await env.DB.prepare("DELETE FROM reports").run();
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO reports (id, component_id, symptom, symptom_class, occurred_at, received_at, fingerprint, verdict) VALUES ('stale', 'online-pay', 'other', 'other', ?, ?, 'fp', 'unconfirmed')",
    )
      .bind(now - 40 * DAY, now - 40 * DAY)
      .run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await count("reports")).toBe(0);
  });
});
