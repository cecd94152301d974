import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { postReport } from "../helpers";

const MINUTE = 60_000;
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC"];

async function tick(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function detectedIncidents() {
  const rows = await env.DB.prepare(
    "SELECT id, status, source, detected_kind, resolved_at FROM incidents WHERE source = 'detected' ORDER BY created_at",
  ).all<{
    id: string;
    status: string;
    source: string;
    detected_kind: string;
    resolved_at: number | null;
  }>();
  return rows.results;
}

async function componentStatus(id: string) {
  return env.DB.prepare("SELECT status, status_source FROM components WHERE id = ?")
    .bind(id)
    .first<{ status: string; status_source: string }>();
}

let ip = 0;
/** `count` distinct people report a symptom in the minute starting at `at`, through the public API. */
async function crowd(at: number, count: number, symptom: string) {
  for (let i = 0; i < count; i++) {
    ip++;
    const response = await postReport(
      {
        component: "online-pay",
        symptom,
        region: REGIONS[i % REGIONS.length],
        occurred_at: new Date(at + i * 1000).toISOString(),
      },
      { ip: `203.0.${ip >> 8}.${ip & 255}` },
    );
    expect(response.status).toBe(201);
  }
}

describe("the detector in the Worker's cron", () => {
  it("opens a detected outage incident from a crowd of reports and resolves it when calm", {
    timeout: 120_000,
  }, async () => {
    // Simulated clock: two hours ago up to now, one cron tick per minute.
    const start = Math.floor((Date.now() - 120 * MINUTE) / MINUTE) * MINUTE;
    let now = start;

    // A quiet hour: a report now and then.
    for (; now < start + 60 * MINUTE; now += MINUTE) {
      if ((now / MINUTE) % 10 === 0) await crowd(now, 1, "overdue");
      await tick(now);
    }
    expect(await detectedIncidents()).toHaveLength(0);
    expect((await componentStatus("online-pay"))?.status).toBe("operational");

    // A sharp outage: 12 people a minute in six regions for ten minutes.
    let openedAfter: number | null = null;
    for (let minute = 0; minute < 10; minute++, now += MINUTE) {
      await crowd(now, 12, minute % 2 ? "system_busy" : "cannot_load");
      await tick(now + MINUTE - 1000);
      if (openedAfter === null && (await detectedIncidents()).length > 0) openedAfter = minute + 1;
    }
    const opened = await detectedIncidents();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      source: "detected",
      detected_kind: "outage",
      status: "investigating",
      resolved_at: null,
    });
    expect(openedAfter).not.toBeNull();
    expect(openedAfter!).toBeLessThanOrEqual(6);
    // Crowd reports alone raise a component to partial_outage at most.
    expect(await componentStatus("online-pay")).toEqual({ status: "partial_outage", status_source: "detected" });
    const evidence = await env.DB.prepare("SELECT evidence FROM incidents WHERE id = ?")
      .bind(opened[0]!.id)
      .first<{ evidence: string }>();
    expect(JSON.parse(evidence!.evidence).reporters).toBeGreaterThanOrEqual(8);

    // A reporter now is told it is an outage, not their account.
    const verdict = await (await postReport({ component: "online-pay", symptom: "limit_reduced" })).json<{
      verdict: { kind: string };
    }>();
    expect(verdict.verdict.kind).toBe("outage");

    // Calm again: the incident resolves on its own and the component recovers.
    for (let minute = 0; minute < 30; minute++, now += MINUTE) await tick(now);
    const resolved = await detectedIncidents();
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.status).toBe("resolved");
    expect(resolved[0]!.resolved_at).not.toBeNull();
    expect((await componentStatus("online-pay"))?.status).toBe("operational");
    const episodes = await env.DB.prepare(
      "SELECT kind, resolved_at FROM episodes WHERE component_id = 'online-pay'",
    ).all<{ kind: string; resolved_at: number | null }>();
    expect(episodes.results).toHaveLength(1);
    expect(episodes.results[0]!.resolved_at).not.toBeNull();
  });

  it("persists one detector state row per component and reads only bounded windows", async () => {
    const states = await env.DB.prepare(
      "SELECT component_id, evaluated_at FROM detector_state ORDER BY component_id",
    ).all<{ component_id: string }>();
    expect(states.results.map((r) => r.component_id)).toEqual([
      "app-login",
      "credit-account",
      "offline-pay",
      "online-pay",
      "repayment",
    ]);
  });
});
