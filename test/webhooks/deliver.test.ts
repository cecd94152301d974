import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIncident, dismissIncident } from "../../src/data/incident-writes";
import { scheduleMaintenance } from "../../src/data/maintenance-writes";
import { readStateVersion } from "../../src/data/state-version";
import { createWebhook, findWebhook, listDeliveries } from "../../src/data/webhooks";
import { database } from "../../src/db/client";
import { webhookDeliveries } from "../../src/db/schema";
import worker, { app } from "../../src/index";
import { DISABLE_AFTER_FAILURES, MAX_ATTEMPTS, retryDelayMs } from "../../src/webhooks/backoff";
import { deliverDue, queueEvents, webhookPageContext } from "../../src/webhooks/deliver";
import { sign } from "../../src/webhooks/sign";
import { BASE, TOKEN } from "../admin-helpers";
import { resetWebhooks } from "../seed";

// No test may reach the internet: anything not mocked here fails loudly.
const network = setupServer();
beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(() => network.resetHandlers());
afterAll(() => network.close());

const db = database(env.DB);
const MINUTE = 60_000;

interface Received {
  headers: Headers;
  body: string;
  json: any;
}

/** A receiver at `url` that records what it gets and answers `status`. */
function receiver(url: string, status: () => number = () => 200): Received[] {
  const received: Received[] = [];
  network.use(
    http.post(url, async ({ request }) => {
      const body = await request.text();
      received.push({ headers: request.headers, body, json: JSON.parse(body) });
      return new HttpResponse(null, { status: status() });
    }),
  );
  return received;
}

/** Calls the Worker and waits for its waitUntil work (the immediate webhook attempt). */
async function call(method: string, path: string, body?: unknown) {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

beforeEach(resetWebhooks);

describe("deliveries", () => {
  it("posts signed payloads for a new incident and the component status change it causes", async () => {
    const received = receiver("https://hooks.example/status");
    const created = await call("POST", "/api/admin/webhooks", { webhook: { url: "https://hooks.example/status" } });
    expect(created.status).toBe(201);
    const hook = await created.json<any>();
    expect(hook.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(hook.enabled).toBe(true);
    // The secret is shown once: the list never carries it.
    const list = await (await call("GET", "/api/admin/webhooks")).json<any[]>();
    expect(list[0]).not.toHaveProperty("secret");

    const incident = await (
      await call("POST", "/api/admin/incidents", {
        incident: { name: "Checkout down", body: "Looking", components: { "online-pay": "major_outage" } },
      })
    ).json<any>();

    const events = received.map((r) => r.json.event).sort();
    expect(events).toEqual(["component.status_changed", "incident.created"]);
    for (const r of received) {
      expect(r.headers.get("content-type")).toBe("application/json");
      expect(r.headers.get("x-signature")).toBe(await sign(hook.secret, r.body));
      expect(r.headers.get("x-webhook-event")).toBe(r.json.event);
      expect(r.headers.get("x-webhook-delivery")).toBeTruthy();
    }
    const created_ = received.find((r) => r.json.event === "incident.created")!.json;
    expect(created_.incident).toMatchObject({
      id: incident.id,
      name: "Checkout down",
      status: "investigating",
      impact: "critical",
    });
    expect(created_.incident).not.toHaveProperty("evidence");
    expect(created_.page).toMatchObject({
      id: "huabei",
      status_indicator: "major",
      status_description: "Partial System Outage",
    });
    const change = received.find((r) => r.json.event === "component.status_changed")!.json;
    expect(change.component_update).toMatchObject({
      component_id: "online-pay",
      old_status: "operational",
      new_status: "major_outage",
    });
    expect(change.component).toMatchObject({ id: "online-pay", status: "major_outage", status_source: "declared" });

    // Updates and resolution are events too.
    received.length = 0;
    await call("PATCH", `/api/admin/incidents/${incident.id}`, { incident: { status: "resolved", body: "Fixed" } });
    expect(received.map((r) => r.json.event).sort()).toEqual(["component.status_changed", "incident.updated"]);
    expect(received.find((r) => r.json.event === "incident.updated")!.json.incident.status).toBe("resolved");

    const log = await (await call("GET", `/api/admin/webhooks/${hook.id}/deliveries`)).json<any[]>();
    expect(log).toHaveLength(4);
    expect(log.every((d) => d.state === "delivered" && d.attempts === 1 && d.last_status === 200)).toBe(true);
  });

  it("sends only subscribed events, and nothing about dismissed detections", async () => {
    const received = receiver("https://hooks.example/maint");
    await createWebhook(db, {
      url: "https://hooks.example/maint",
      events: ["maintenance.scheduled", "maintenance.started", "maintenance.completed"],
    });
    const ctx = webhookPageContext(env, BASE);

    const incident = await createIncident(db, { name: "x", components: { repayment: "degraded_performance" } });
    expect(await queueEvents(db, ctx, incident.events)).toEqual([]);

    const now = Date.now();
    const maintenance = await scheduleMaintenance(db, {
      name: "Upgrade",
      scheduledFor: now + MINUTE,
      scheduledUntil: now + 60 * MINUTE,
      components: ["app-login"],
    });
    const ids = await queueEvents(db, ctx, maintenance.events);
    expect(ids).toHaveLength(1);
    await deliverDue(db, (r) => fetch(r), Date.now(), ids);
    expect(received.map((r) => r.json.event)).toEqual(["maintenance.scheduled"]);
    expect(received[0]!.json.scheduled_maintenance).toMatchObject({ id: maintenance.incident.id, status: "scheduled" });

    // The cron moves maintenance along the clock and tells subscribers.
    const cron = createExecutionContext();
    await worker.scheduled!(
      createScheduledController({ scheduledTime: now + 2 * MINUTE, cron: "* * * * *" }),
      env,
      cron,
    );
    await waitOnExecutionContext(cron);
    expect(received.map((r) => r.json.event)).toEqual(["maintenance.scheduled", "maintenance.started"]);

    const all = await createWebhook(db, { url: "https://hooks.example/maint" });
    const detected = await createIncident(db, { name: "false alarm", source: "detected", detectedKind: "outage" });
    const dismissed = await dismissIncident(db, detected.incident.id);
    expect(
      await queueEvents(db, ctx, [
        ...detected.events.filter((e) => e.type !== "incident.created"),
        ...dismissed.events,
      ]),
    ).toEqual([]);
    expect(all.events).toBeNull();
  });
});

describe("retries", () => {
  it("retries a failed delivery with backoff from the cron, then records it delivered", async () => {
    let answer = 500;
    const received = receiver("https://hooks.example/flaky", () => answer);
    const hook = await createWebhook(db, { url: "https://hooks.example/flaky" });
    const now = Date.now();
    const { events } = await createIncident(db, { name: "flaky", now });
    const ids = await queueEvents(db, webhookPageContext(env, BASE), events, now);
    await deliverDue(db, (r) => fetch(r), now, ids);

    let [delivery] = await listDeliveries(db, hook.id);
    expect(delivery).toMatchObject({
      state: "pending",
      attempts: 1,
      lastStatus: 500,
      lastError: "HTTP 500",
      nextAttemptAt: now + retryDelayMs(1),
    });
    expect((await findWebhook(db, hook.id))!.consecutiveFailures).toBe(1);

    // Not yet due: the cron leaves it alone.
    await deliverDue(db, (r) => fetch(r), now + 30_000);
    expect(received).toHaveLength(1);

    answer = 200;
    const cron = createExecutionContext();
    await worker.scheduled!(
      createScheduledController({ scheduledTime: now + retryDelayMs(1) + 1000, cron: "* * * * *" }),
      env,
      cron,
    );
    await waitOnExecutionContext(cron);
    [delivery] = await listDeliveries(db, hook.id);
    expect(delivery).toMatchObject({
      state: "delivered",
      attempts: 2,
      lastStatus: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body); // the same payload, signed the same way
    expect((await findWebhook(db, hook.id))!.consecutiveFailures).toBe(0);
  });

  it("gives up after MAX_ATTEMPTS and disables an endpoint after repeated failures", async () => {
    const hook = await createWebhook(db, { url: "https://hooks.example/dead" });
    const failing = async () => {
      throw new TypeError("connection refused");
    };
    let now = Date.now();
    const ctx = webhookPageContext(env, BASE);
    const first = await createIncident(db, { name: "dead 1", now });
    await queueEvents(db, ctx, first.events, now);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverDue(db, failing, now);
      now += retryDelayMs(attempt) + 1;
    }
    const [given] = await listDeliveries(db, hook.id);
    expect(given).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(given!.lastError).toContain("connection refused");

    // More failures on other deliveries until the endpoint is disabled.
    while ((await findWebhook(db, hook.id))!.enabled) {
      const more = await createIncident(db, { name: "dead more", now });
      await queueEvents(db, ctx, more.events, now);
      await deliverDue(db, failing, now);
      now += MINUTE;
    }
    const disabled = (await findWebhook(db, hook.id))!;
    // Attempts already in flight when the threshold is reached still count.
    expect(disabled.consecutiveFailures).toBeGreaterThanOrEqual(DISABLE_AFTER_FAILURES);
    expect(disabled.enabled).toBe(false);
    // A disabled endpoint gets no new deliveries and no retries.
    const later = await createIncident(db, { name: "after disable", now });
    expect(await queueEvents(db, ctx, later.events, now)).toEqual([]);
    expect((await deliverDue(db, failing, now + 10 * 60 * MINUTE)).failed).toBe(0);

    // Re-enabling resets the streak.
    const response = await call("PATCH", `/api/admin/webhooks/${hook.id}`, { webhook: { enabled: true } });
    expect(await response.json<any>()).toMatchObject({ enabled: true, consecutive_failures: 0 });
    const pending = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.state, "pending"));
    expect(pending.length).toBeGreaterThan(0);
  });
});

describe("deliveries and the public state version", () => {
  /** A public read through the edge cache, as a reader makes it. */
  async function summary() {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`${BASE}/api/v2/summary.json`), env, ctx);
    const body = await response.text();
    await waitOnExecutionContext(ctx);
    return { cache: response.headers.get("x-cache"), body };
  }

  it("records attempts, delivered or failed, without changing what the public sees", async () => {
    const ok = await createWebhook(db, { url: "https://hooks.example/ok" });
    const down = await createWebhook(db, { url: "https://hooks.example/down" });
    const { events } = await createIncident(db, {
      name: "version check",
      components: { repayment: "degraded_performance" },
    });
    const ids = await queueEvents(db, webhookPageContext(env, BASE), events);
    expect(ids).toHaveLength(2 * events.length);

    expect((await summary()).cache).toBe("MISS");
    const cached = await summary();
    expect(cached.cache).toBe("HIT");
    const before = await readStateVersion(db);

    const attempted: string[] = [];
    const fetcher = async (request: Request) => {
      attempted.push(request.url);
      return new Response(null, { status: request.url.endsWith("/ok") ? 200 : 503 });
    };
    expect(await deliverDue(db, fetcher, Date.now(), ids)).toEqual({ delivered: events.length, failed: events.length });
    expect(attempted).toHaveLength(ids.length);
    expect((await listDeliveries(db, ok.id)).map((d) => d.state)).toEqual(events.map(() => "delivered"));
    expect((await listDeliveries(db, down.id)).map((d) => [d.state, d.lastStatus])).toEqual(
      events.map(() => ["pending", 503]),
    );
    expect((await findWebhook(db, down.id))!.consecutiveFailures).toBe(events.length);

    expect(await readStateVersion(db)).toBe(before);
    const after = await summary();
    expect(after.cache).toBe("HIT");
    expect(after.body).toBe(cached.body);
  });
});
