import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createIncident, dismissIncident, resolveIncident } from "../../src/data/incident-writes";
import { scheduleMaintenance } from "../../src/data/maintenance-writes";
import { createService } from "../../src/data/service-writes";
import { findServiceRow } from "../../src/data/services";
import { readStateVersion } from "../../src/data/state-version";
import { createWebhook, findWebhook, listDeliveries } from "../../src/data/webhooks";
import { database } from "../../src/db/client";
import { webhookDeliveries, webhooks } from "../../src/db/schema";
import worker, { app } from "../../src/index";
import { DISABLE_AFTER_FAILURES, MAX_ATTEMPTS, retryDelayMs } from "../../src/webhooks/backoff";
import { deliverDue, queueEvents } from "../../src/webhooks/deliver";
import { BASE, TOKEN } from "../admin-helpers";

// Webhook payloads link to the page at BASE.
const hookEnv = { ...env, PUBLIC_URL: BASE };

import { resetWebhooks } from "../seed";

// No test may reach the internet: anything not mocked here fails loudly.
const network = setupServer();
beforeAll(() => network.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  network.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => network.close());

const db = database(env.DB);
const MINUTE = 60_000;

interface Received {
  headers: Record<string, string>;
  body: string;
  json: any;
}

/** A receiver at `url` that records what it gets and answers `status`. */
function receiver(url: string, status: () => number = () => 200): Received[] {
  const received: Received[] = [];
  network.use(
    http.post(url, async ({ request }) => {
      const body = await request.text();
      received.push({ headers: Object.fromEntries(request.headers), body, json: JSON.parse(body) });
      return new HttpResponse(null, { status: status() });
    }),
  );
  return received;
}

/**
 * A receiver that checks every delivery with the `standardwebhooks` package, as
 * the README tells operators to, and answers 401 to what does not verify.
 */
function verifyingReceiver(url: string, secret: () => string) {
  const verified: { headers: Record<string, string>; body: string; payload: any }[] = [];
  const refused: string[] = [];
  network.use(
    http.post(url, async ({ request }) => {
      const headers = Object.fromEntries(request.headers);
      const body = await request.text();
      try {
        verified.push({ headers, body, payload: new Webhook(secret()).verify(body, headers) });
        return new HttpResponse(null, { status: 204 });
      } catch (error) {
        refused.push(error instanceof WebhookVerificationError ? error.message : String(error));
        return new HttpResponse(null, { status: 401 });
      }
    }),
  );
  return { verified, refused };
}

/** Calls the Worker (with `workerEnv`) and waits for its waitUntil work (the immediate webhook attempt). */
async function call(method: string, path: string, body?: unknown, workerEnv: Cloudflare.Env = env) {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    workerEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

beforeEach(resetWebhooks);

describe("deliveries", () => {
  it("posts signed payloads for a new incident and the component status change it causes", async () => {
    let secret = "";
    const receiving = verifyingReceiver("https://hooks.example/status", () => secret);
    const created = await call("POST", "/api/admin/webhooks", { webhook: { url: "https://hooks.example/status" } });
    expect(created.status).toBe(201);
    const hook = await created.json<any>();
    secret = hook.secret;
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(hook.enabled).toBe(true);
    // The secret is shown once: the list never carries it.
    const list = await (await call("GET", "/api/admin/webhooks")).json<any[]>();
    expect(list[0]).not.toHaveProperty("secret");

    const incident = await (
      await call("POST", "/api/admin/incidents", {
        incident: { name: "Checkout down", body: "Looking", components: { "online-pay": "major_outage" } },
      })
    ).json<any>();

    // Every delivery verified with the standardwebhooks package at the moment it arrived.
    expect(receiving.refused).toEqual([]);
    const received = receiving.verified.map((r) => ({ headers: r.headers, json: r.payload }));
    const events = received.map((r) => r.json.event).sort();
    expect(events).toEqual(["component.status_changed", "incident.created"]);
    const firstLog = await (await call("GET", `/api/admin/webhooks/${hook.id}/deliveries`)).json<any[]>();
    for (const r of received) {
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-webhook-event"]).toBe(r.json.event);
      expect(firstLog.find((d) => d.event === r.json.event).id).toBe(r.headers["webhook-id"]);
      expect(r.headers).not.toHaveProperty("x-signature");
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
    receiving.verified.length = 0;
    await call("PATCH", `/api/admin/incidents/${incident.id}`, { incident: { status: "resolved", body: "Fixed" } });
    expect(receiving.refused).toEqual([]);
    const updates = receiving.verified.map((r) => r.payload);
    expect(updates.map((p) => p.event).sort()).toEqual(["component.status_changed", "incident.updated"]);
    expect(updates.find((p) => p.event === "incident.updated")!.incident.status).toBe("resolved");

    const log = await (await call("GET", `/api/admin/webhooks/${hook.id}/deliveries`)).json<any[]>();
    expect(log).toHaveLength(4);
    expect(log.every((d) => d.state === "delivered" && d.attempts === 1 && d.last_status === 204)).toBe(true);
  });

  it("sends only subscribed events, and nothing about dismissed detections", async () => {
    const received = receiver("https://hooks.example/maint");
    await createWebhook(db, {
      serviceId: "huabei",
      url: "https://hooks.example/maint",
      events: ["maintenance.scheduled", "maintenance.started", "maintenance.completed"],
    });

    const incident = await createIncident(db, {
      serviceId: "huabei",
      name: "x",
      components: { repayment: "degraded_performance" },
    });
    expect(await queueEvents(db, hookEnv, incident.events)).toEqual([]);

    const now = Date.now();
    const maintenance = await scheduleMaintenance(db, {
      serviceId: "huabei",
      name: "Upgrade",
      scheduledFor: now + MINUTE,
      scheduledUntil: now + 60 * MINUTE,
      components: ["app-login"],
    });
    const ids = await queueEvents(db, hookEnv, maintenance.events);
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

    const all = await createWebhook(db, { serviceId: "huabei", url: "https://hooks.example/maint" });
    const detected = await createIncident(db, {
      serviceId: "huabei",
      name: "false alarm",
      source: "detected",
      detectedKind: "outage",
    });
    const dismissed = await dismissIncident(db, detected.incident.id);
    expect(
      await queueEvents(db, hookEnv, [
        ...detected.events.filter((e) => e.type !== "incident.created"),
        ...dismissed.events,
      ]),
    ).toEqual([]);
    expect(all.events).toBeNull();
  });
});

describe("several services", () => {
  it("sends a service's events to that service's webhooks only, linking to its own page", async () => {
    await resetWebhooks();
    if (!(await findServiceRow(db, "alipay"))) await createService(db, { id: "alipay", preset: "alipay" });
    const huabeiHook = receiver("https://hooks.example/huabei");
    const alipayHook = receiver("https://hooks.example/alipay");
    await createWebhook(db, { serviceId: "huabei", url: "https://hooks.example/huabei" });
    await createWebhook(db, { serviceId: "alipay", url: "https://hooks.example/alipay" });

    const now = Date.now();
    const { incident, events } = await createIncident(db, {
      serviceId: "alipay",
      name: "支付宝付款失败",
      components: { "alipay-pay": "major_outage" },
      now,
    });
    const ids = await queueEvents(db, hookEnv, events, now);
    await deliverDue(db, (r) => fetch(r), now, ids);

    expect(huabeiHook).toEqual([]);
    expect(alipayHook.map((r) => r.json.event).sort()).toEqual(["component.status_changed", "incident.created"]);
    const created = alipayHook.find((r) => r.json.event === "incident.created")!.json;
    expect(created.page).toMatchObject({ id: "alipay", url: `${BASE}/s/alipay` });
    expect(created.incident.shortlink).toBe(`${BASE}/s/alipay/incidents/${incident.id}`);
    await resolveIncident(db, incident.id, { now });
  });
});

describe("retries", () => {
  it("retries a failed delivery with backoff from the cron, then records it delivered", async () => {
    let answer = 500;
    const received = receiver("https://hooks.example/flaky", () => answer);
    const hook = await createWebhook(db, { serviceId: "huabei", url: "https://hooks.example/flaky" });
    const now = Date.now();
    const { events } = await createIncident(db, { serviceId: "huabei", name: "flaky", now });
    const ids = await queueEvents(db, hookEnv, events, now);
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
    expect(received[1]!.body).toBe(received[0]!.body); // the same payload
    // The same webhook-id on every attempt (receivers de-duplicate on it), each attempt's own timestamp.
    expect(received.map((r) => r.headers["webhook-id"])).toEqual([delivery!.id, delivery!.id]);
    expect(received.map((r) => Number(r.headers["webhook-timestamp"]))).toEqual([
      Math.floor(now / 1000),
      Math.floor((now + retryDelayMs(1) + 1000) / 1000),
    ]);
    expect(received[1]!.headers["webhook-signature"]).not.toBe(received[0]!.headers["webhook-signature"]);
    // Each verifies at the time it was sent.
    for (const r of received) {
      vi.spyOn(Date, "now").mockReturnValue(Number(r.headers["webhook-timestamp"]) * 1000);
      expect(new Webhook(hook.secret).verify(r.body, r.headers)).toEqual(r.json);
    }
    expect((await findWebhook(db, hook.id))!.consecutiveFailures).toBe(0);
  });

  it("gives up after MAX_ATTEMPTS and disables an endpoint after repeated failures", async () => {
    const hook = await createWebhook(db, { serviceId: "huabei", url: "https://hooks.example/dead" });
    const failing = async () => {
      throw new TypeError("connection refused");
    };
    let now = Date.now();
    const first = await createIncident(db, { serviceId: "huabei", name: "dead 1", now });
    await queueEvents(db, hookEnv, first.events, now);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverDue(db, failing, now);
      now += retryDelayMs(attempt) + 1;
    }
    const [given] = await listDeliveries(db, hook.id);
    expect(given).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    // A generic reason is stored and shown, never the network error's text.
    expect(given!.lastError).toBe("connection failed");

    // More failures on other deliveries until the endpoint is disabled.
    while ((await findWebhook(db, hook.id))!.enabled) {
      const more = await createIncident(db, { serviceId: "huabei", name: "dead more", now });
      await queueEvents(db, hookEnv, more.events, now);
      await deliverDue(db, failing, now);
      now += MINUTE;
    }
    const disabled = (await findWebhook(db, hook.id))!;
    // Attempts already in flight when the threshold is reached still count.
    expect(disabled.consecutiveFailures).toBeGreaterThanOrEqual(DISABLE_AFTER_FAILURES);
    expect(disabled.enabled).toBe(false);
    // A disabled endpoint gets no new deliveries and no retries.
    const later = await createIncident(db, { serviceId: "huabei", name: "after disable", now });
    expect(await queueEvents(db, hookEnv, later.events, now)).toEqual([]);
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
    const ok = await createWebhook(db, { serviceId: "huabei", url: "https://hooks.example/ok" });
    const down = await createWebhook(db, { serviceId: "huabei", url: "https://hooks.example/down" });
    const { events } = await createIncident(db, {
      serviceId: "huabei",
      name: "version check",
      components: { repayment: "degraded_performance" },
    });
    const ids = await queueEvents(db, hookEnv, events);
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

describe("replayed deliveries", () => {
  it("a receiver verifying with standardwebhooks refuses a captured delivery replayed later or altered", async () => {
    const url = "https://hooks.example/replay";
    const hook = await createWebhook(db, { serviceId: "huabei", url });
    const receiving = verifyingReceiver(url, () => hook.secret);
    const { events } = await createIncident(db, { serviceId: "huabei", name: "Replay me" });
    const ids = await queueEvents(db, hookEnv, events);
    expect(await deliverDue(db, (r) => fetch(r), Date.now(), ids)).toEqual({ delivered: 1, failed: 0 });
    expect(receiving.refused).toEqual([]);
    const [capture] = receiving.verified;
    expect(capture!.payload.incident.name).toBe("Replay me");

    const replay = (body: string, headers: Record<string, string>) =>
      fetch(url, { method: "POST", headers, body }).then((r) => r.status);
    // An attacker who captured the delivery sends it again 6 minutes later.
    const sentAt = Number(capture!.headers["webhook-timestamp"]) * 1000;
    vi.spyOn(Date, "now").mockReturnValue(sentAt + 6 * MINUTE);
    expect(await replay(capture!.body, capture!.headers)).toBe(401);
    expect(receiving.refused).toEqual(["Message timestamp too old"]);
    // Giving it a fresh timestamp breaks the signature.
    const fresh = String(Math.floor(Date.now() / 1000));
    expect(await replay(capture!.body, { ...capture!.headers, "webhook-timestamp": fresh })).toBe(401);
    // Within the 5 minutes, an altered body is refused too.
    vi.spyOn(Date, "now").mockReturnValue(sentAt + 1000);
    expect(await replay(capture!.body.replace("Replay me", "Pay here"), capture!.headers)).toBe(401);
    expect(receiving.refused.slice(1)).toEqual(["No matching signature found", "No matching signature found"]);
    expect(receiving.verified).toHaveLength(1);
    // (The unaltered capture within those 5 minutes verifies: receivers drop it as a duplicate by webhook-id.)
  });

  it("a webhook created before whsec_ secrets keeps its hex secret, which receivers pass as whsec_ or raw", async () => {
    const url = "https://hooks.example/legacy";
    const hook = await createWebhook(db, { serviceId: "huabei", url });
    const legacy = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    await db.update(webhooks).set({ secret: legacy }).where(eq(webhooks.id, hook.id));
    const asWhsec = verifyingReceiver(url, () => `whsec_${btoa(legacy)}`);
    const { events } = await createIncident(db, { serviceId: "huabei", name: "Old secret" });
    const ids = await queueEvents(db, hookEnv, events);
    expect(await deliverDue(db, (r) => fetch(r), Date.now(), ids)).toEqual({ delivered: 1, failed: 0 });
    expect(asWhsec.refused).toEqual([]);
    const [got] = asWhsec.verified;
    expect(got!.payload.incident.name).toBe("Old secret");
    expect(new Webhook(legacy, { format: "raw" }).verify(got!.body, got!.headers)).toEqual(got!.payload);
    // Nothing was rewritten: the stored secret is still the hex one.
    expect((await findWebhook(db, hook.id))!.secret).toBe(legacy);
  });
});

describe("failure reasons", () => {
  async function failOnce(url: string, fetcher: (request: Request) => Promise<Response>) {
    await resetWebhooks();
    const hook = await createWebhook(db, { serviceId: "huabei", url });
    const { events } = await createIncident(db, { serviceId: "huabei", name: "fails" });
    const ids = await queueEvents(db, hookEnv, events);
    expect(await deliverDue(db, fetcher, Date.now(), ids)).toEqual({ delivered: 0, failed: 1 });
    const log = await (await call("GET", `/api/admin/webhooks/${hook.id}/deliveries`)).json<any[]>();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ state: "pending", attempts: 1 });
    return log[0];
  }

  it("stores and shows a generic reason, never the error's own text", async () => {
    const refused = await failOnce("https://hooks.example/refused", async () => {
      throw new TypeError("connect ECONNREFUSED 10.1.2.3:443 (resolver 10.0.0.53)");
    });
    expect(refused).toMatchObject({ last_error: "connection failed", last_status: null });

    network.use(http.post("https://hooks.example/broken", () => HttpResponse.error()));
    const broken = await failOnce("https://hooks.example/broken", (r) => fetch(r));
    expect(broken).toMatchObject({ last_error: "connection failed", last_status: null });

    const timedOut = await failOnce("https://hooks.example/slow", async (request) => {
      expect(request.signal).toBeInstanceOf(AbortSignal);
      throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
    });
    expect(timedOut).toMatchObject({ last_error: "timeout", last_status: null });

    network.use(http.post("https://hooks.example/teapot", () => HttpResponse.text("details", { status: 418 })));
    const teapot = await failOnce("https://hooks.example/teapot", (r) => fetch(r));
    expect(teapot).toMatchObject({ last_error: "HTTP 418", last_status: 418 });
  });

  it("does not fetch a stored URL that the rules no longer allow", async () => {
    const hook = await createWebhook(db, { serviceId: "huabei", url: "https://hooks.example/ok" });
    // Written before the rules existed, or straight into the database.
    await db.update(webhooks).set({ url: "https://169.254.169.254/latest/meta-data/" }).where(eq(webhooks.id, hook.id));
    const fetched: string[] = [];
    const spy = async (request: Request) => {
      fetched.push(request.url);
      return new Response(null, { status: 204 });
    };
    const { events } = await createIncident(db, { serviceId: "huabei", name: "blocked" });
    const ids = await queueEvents(db, hookEnv, events);
    expect(await deliverDue(db, spy, Date.now(), ids)).toEqual({ delivered: 0, failed: 1 });
    expect(fetched).toEqual([]);
    const [delivery] = await listDeliveries(db, hook.id);
    expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastError: "invalid URL", lastStatus: null });
    expect((await findWebhook(db, hook.id))!.consecutiveFailures).toBe(1);

    // Once the operator fixes the URL, the retry goes out to the new one.
    const fixed = await call("PATCH", `/api/admin/webhooks/${hook.id}`, {
      webhook: { url: "https://hooks.example/fixed" },
    });
    expect(fixed.status).toBe(200);
    await fixed.arrayBuffer();
    expect(await deliverDue(db, spy, delivery!.nextAttemptAt!)).toEqual({ delivered: 1, failed: 0 });
    expect(fetched).toEqual(["https://hooks.example/fixed"]);
  });
});

describe("webhook URL rules in the admin API", () => {
  const refusals: [string, string][] = [
    ["http://hooks.example.com/", "must use https"],
    ["https://127.0.0.1/", "must name a host, not an IP address"],
    ["https://2130706433/", "must name a host, not an IP address"],
    ["https://0x7f.1/", "must name a host, not an IP address"],
    ["https://[::1]/", "must name a host, not an IP address"],
    ["https://[fd00::5]/", "must name a host, not an IP address"],
    ["https://localhost/", "must be a public host name (a single-label name is not)"],
    ["https://metadata.google.internal/computeMetadata/v1/", "must not be a private or reserved host name"],
    ["https://printer.local/", "must not be a private or reserved host name"],
    ["https://app.localhost/", "must not be a private or reserved host name"],
    ["https://4.3.2.1.in-addr.arpa/", "must not be a private or reserved host name"],
    ["http://localhost:8787/hook", "must use https"],
  ];

  it("refuses private, IP and non-https URLs at creation and update, naming the field", async () => {
    const kept = await (
      await call("POST", "/api/admin/webhooks", { webhook: { url: "https://hooks.example.com/kept" } })
    ).json<any>();
    for (const [url, problem] of refusals) {
      for (const [method, path] of [
        ["POST", "/api/admin/webhooks"],
        ["PATCH", `/api/admin/webhooks/${kept.id}`],
      ] as const) {
        const response = await call(method, path, { webhook: { url } });
        expect(response.status, `${method} ${url}`).toBe(400);
        expect(await response.json<any>(), `${method} ${url}`).toEqual({
          error: { code: "invalid_field", field: "webhook.url", message: `webhook.url: ${problem}` },
        });
      }
    }
    const stored = await db.select({ url: webhooks.url }).from(webhooks);
    expect(stored).toEqual([{ url: "https://hooks.example.com/kept" }]);
  });

  it("allows http to localhost, 127.0.0.1 and [::1] only where WEBHOOK_ALLOW_HTTP_LOCALHOST is true", async () => {
    const local = { ...env, WEBHOOK_ALLOW_HTTP_LOCALHOST: "true" };
    for (const url of ["http://localhost:8787/hook", "http://127.0.0.1:3000/hook", "http://[::1]:3000/hook"]) {
      const created = await call("POST", "/api/admin/webhooks", { webhook: { url } }, local);
      expect(created.status, url).toBe(201);
      expect((await created.json<any>()).url).toBe(url);
      const elsewhere = await call("POST", "/api/admin/webhooks", { webhook: { url } });
      expect(elsewhere.status, url).toBe(400);
      expect((await elsewhere.json<any>()).error.field).toBe("webhook.url");
    }
    // Local development opens loopback only: other private addresses stay refused there too.
    for (const url of ["http://10.0.0.1/hook", "https://192.168.0.2/", "https://printer.local/"]) {
      const response = await call("POST", "/api/admin/webhooks", { webhook: { url } }, local);
      expect(response.status, url).toBe(400);
      await response.arrayBuffer();
    }

    // Deliveries to a loopback URL go out only under the local policy.
    const [hook] = await db.select().from(webhooks).where(eq(webhooks.url, "http://127.0.0.1:3000/hook"));
    await db.delete(webhooks).where(sql`${webhooks.id} <> ${hook!.id}`);
    const fetched: string[] = [];
    const spy = async (request: Request) => {
      fetched.push(request.url);
      return new Response(null, { status: 204 });
    };
    const strict = await queueEvents(
      db,
      hookEnv,
      (await createIncident(db, { serviceId: "huabei", name: "strict" })).events,
    );
    expect(await deliverDue(db, spy, Date.now(), strict)).toEqual({ delivered: 0, failed: 1 });
    expect(fetched).toEqual([]);
    const allowed = await queueEvents(
      db,
      hookEnv,
      (await createIncident(db, { serviceId: "huabei", name: "local" })).events,
    );
    expect(await deliverDue(db, spy, Date.now(), allowed, { allowHttpLocalhost: true })).toEqual({
      delivered: 1,
      failed: 0,
    });
    expect(fetched).toEqual(["http://127.0.0.1:3000/hook"]);
  });
});
