import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { NewReport } from "../src/domain/report";
import { app } from "../src/index";
import { queue } from "../src/queue";
import { BASE, count, freshIp } from "./helpers";

// The queued ingest path: the API answers at once and Miniflare's local queue
// (vitest.config.ts) delivers the reports to this Worker's queue() handler.
const queuedEnv = { ...env, REPORT_INGEST: "queue" };

function postQueued(body: unknown, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  return app.fetch(
    new Request(`${BASE}/api/reports`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "cf-connecting-ip": freshIp(),
        "user-agent": "vitest",
        ...headers,
      },
      body: JSON.stringify(body),
    }),
    queuedEnv,
    ctx,
  );
}

/** Polls until the consumer has written the report (the local queue flushes every second). */
async function waitForStored(id: string): Promise<Response> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await exports.default.fetch(`${BASE}/api/reports/${id}`);
    if (response.status === 200) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`report ${id} was never stored`);
}

async function rollupTotals(componentId: string, sinceMinute: number) {
  const row = await env.DB.prepare(
    "SELECT COALESCE(SUM(reporters), 0) AS reporters, COALESCE(SUM(reports), 0) AS reports FROM report_rollups WHERE component_id = ? AND minute >= ?",
  )
    .bind(componentId, sinceMinute)
    .first<{ reporters: number; reports: number }>();
  return row!;
}

function queuedReport(overrides: Partial<NewReport> = {}): NewReport {
  const now = Date.now();
  return {
    id: crypto.randomUUID(),
    componentId: "offline-pay",
    symptom: "system_busy",
    symptomClass: "technical",
    messageSeen: null,
    region: "ZJ",
    platform: "ios",
    otherMethodsWork: "unknown",
    occurredAt: now,
    receivedAt: now,
    fingerprint: crypto.randomUUID().replaceAll("-", ""),
    verdict: "unconfirmed",
    idempotencyKey: null,
    network: crypto.randomUUID().replaceAll("-", ""),
    countedRegion: "ZJ",
    ...overrides,
  };
}

function batchOf(reports: unknown[]) {
  return createMessageBatch(
    "paystatus-reports",
    reports.map((body, i) => ({ id: `msg-${i}`, timestamp: Date.now(), attempts: 1, body })),
  );
}

describe("POST /api/reports with REPORT_INGEST=queue", () => {
  it("answers 202 with the verdict at once, and the consumer stores and counts the report", async () => {
    const before = await count("reports");
    const response = await postQueued({
      component: "repayment",
      symptom: "system_busy",
      message_seen: "客服让我打 13812345678 扣款失败",
    });
    expect(response.status).toBe(202);
    const body = await response.json<{
      id: string;
      queued: boolean;
      verdict: { kind: string };
      reporters_last_15m: number;
    }>();
    expect(body.queued).toBe(true);
    expect(body.verdict.kind).toBe("unconfirmed");
    expect(body.reporters_last_15m).toBeGreaterThanOrEqual(1);

    const stored = await waitForStored(body.id);
    expect((await stored.json<{ component: string; symptom: string }>()).symptom).toBe("system_busy");
    expect(await count("reports")).toBe(before + 1);
    const row = await env.DB.prepare("SELECT message_seen, fingerprint FROM reports WHERE id = ?")
      .bind(body.id)
      .first<{ message_seen: string; fingerprint: string }>();
    // Redacted before it was queued: the phone number never reaches the queue or D1.
    expect(row!.message_seen).not.toContain("13812345678");
    expect(row!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives a retry with the same Idempotency-Key the same id; the consumer stores and counts it once", async () => {
    // A queue that keeps what the API sends, so this test hands the messages to the consumer itself.
    const sent: unknown[] = [];
    const holdingQueue = { send: async (body: unknown) => void sent.push(body), sendBatch: async () => {} };
    // A client retrying: the same address, the same key.
    const post = (key: string, ip: string) =>
      app.fetch(
        new Request(`${BASE}/api/reports`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "cf-connecting-ip": ip,
            "idempotency-key": key,
          },
          body: JSON.stringify({ component: "app-login", symptom: "cannot_load" }),
        }),
        { ...queuedEnv, REPORT_QUEUE: holdingQueue as unknown as Queue<NewReport> },
        createExecutionContext(),
      );
    const stored = (key: string) =>
      // Stored scoped to its reporter: `<fingerprint>:<key>`.
      env.DB.prepare("SELECT id FROM reports WHERE instr(idempotency_key, ?) > 0")
        .bind(`:${key}`)
        .all<{ id: string }>();
    const consume = async (messages: unknown[]) => {
      const batch = batchOf(messages);
      await queue(batch, env);
      expect((await getQueueResult(batch, createExecutionContext())).ackAll).toBe(true);
    };
    const minute = Math.floor(Date.now() / 60_000);

    // Retried while the first attempt still waits in the queue: both are queued, under one id.
    const together = `queued-retry-${crypto.randomUUID()}`;
    const client = freshIp();
    const first = await post(together, client);
    const retry = await post(together, client);
    expect([first.status, retry.status]).toEqual([202, 202]);
    const id = (await first.json<{ id: string }>()).id;
    expect((await retry.json<{ id: string }>()).id).toBe(id);
    expect(sent.map((m) => (m as NewReport).id)).toEqual([id, id]);

    // Both messages in one batch, or the retry's in a later batch: stored once, counted once.
    const before = await rollupTotals("app-login", minute);
    await consume(sent.splice(0));
    expect((await stored(together)).results).toEqual([{ id }]);
    expect(await rollupTotals("app-login", minute)).toEqual({
      reporters: before.reporters + 1,
      reports: before.reports + 1,
    });

    const apart = `queued-retry-${crypto.randomUUID()}`;
    const other = freshIp();
    await (await post(apart, other)).arrayBuffer();
    await (await post(apart, other)).arrayBuffer();
    const [firstMessage, retryMessage] = sent.splice(0);
    const middle = await rollupTotals("app-login", minute);
    await consume([firstMessage]);
    await consume([retryMessage]);
    expect((await stored(apart)).results).toEqual([{ id: (firstMessage as NewReport).id }]);
    expect(await rollupTotals("app-login", minute)).toEqual({
      reporters: middle.reporters + 1,
      reports: middle.reports + 1,
    });

    // A retry after the report was stored is answered with it, and nothing more is queued.
    const late = await post(apart, other);
    expect(late.status).toBe(200);
    expect((await late.json<{ id: string }>()).id).toBe((firstMessage as NewReport).id);
    expect(sent).toEqual([]);
  });

  it("answers 503 with Retry-After when the queue refuses the report, storing nothing", async () => {
    const before = await count("reports");
    const refusingQueue = {
      send: () => Promise.reject(new Error("queue unavailable")),
      sendBatch: () => Promise.reject(new Error("queue unavailable")),
    };
    const response = await app.fetch(
      new Request(`${BASE}/api/reports`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": freshIp() },
        body: JSON.stringify({ component: "repayment", symptom: "system_busy" }),
      }),
      { ...queuedEnv, REPORT_QUEUE: refusingQueue as unknown as Queue<NewReport> },
      createExecutionContext(),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe("storage_unavailable");
    expect(await count("reports")).toBe(before);
  });

  it("still rejects bad input with a 4xx before anything is queued", async () => {
    const response = await postQueued({ component: "repayment", symptom: "not-a-symptom" });
    expect(response.status).toBe(400);
    expect((await response.json<{ error: { field: string } }>()).error.field).toBe("symptom");
  });

  it("shows the no-JavaScript form its verdict at once, pointing at the page the report will have", async () => {
    const ctx = createExecutionContext();
    const response = await app.fetch(
      new Request(`${BASE}/report?lang=en`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "text/html",
          "cf-connecting-ip": freshIp(),
        },
        body: new URLSearchParams({ component: "credit-account", symptom: "limit_reduced" }).toString(),
      }),
      queuedEnv,
      ctx,
    );
    expect(response.status).toBe(200);
    const location = response.headers.get("content-location");
    expect(location).toMatch(/^\/report\/[0-9a-f-]{36}\?lang=en$/);
    const html = await response.text();
    expect(html).toContain('id="verdict"');
    const page = await (async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const later = await exports.default.fetch(`${BASE}${location}`);
        if (later.status === 200) return later.text();
        await later.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("the queued form report was never stored");
    })();
    expect(page).toContain('id="verdict"');
  });
});

describe("the report queue consumer", () => {
  it("stores a batch in one write, marks repeats within the batch, and changes nothing when the batch is delivered again", async () => {
    const fingerprint = "f".repeat(32);
    const at = { occurredAt: Date.now(), receivedAt: Date.now() };
    const reports = [
      queuedReport({ fingerprint, ...at }),
      queuedReport({ fingerprint, symptom: "payment_failed", ...at }),
      queuedReport({ symptom: "limit_reduced", symptomClass: "account", verdict: "individual", region: null, ...at }),
    ];
    const minute = Math.floor(at.occurredAt / 60_000);
    const before = await rollupTotals("offline-pay", minute);
    const reportsBefore = await count("reports");

    const batch = batchOf([...reports, { not: "a report" }]);
    const ctx = createExecutionContext();
    await queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["msg-3"]);
    expect(result.ackAll).toBe(true);
    expect(result.retryBatch.retry).toBe(false);

    expect(await count("reports")).toBe(reportsBefore + 3);
    const repeats = await env.DB.prepare(
      "SELECT id, is_repeat FROM reports WHERE fingerprint = ? ORDER BY received_at, rowid",
    )
      .bind(fingerprint)
      .all<{ id: string; is_repeat: number }>();
    expect(repeats.results.map((row) => [row.id, row.is_repeat])).toEqual([
      [reports[0]!.id, 0],
      [reports[1]!.id, 1],
    ]);
    const after = await rollupTotals("offline-pay", minute);
    expect(after.reports - before.reports).toBe(3);
    // Counted in the whole minute the reports happened in, as every reader of the rollups expects.
    const minutes = await env.DB.prepare(
      "SELECT DISTINCT minute FROM report_rollups WHERE component_id = 'offline-pay' AND minute >= ?",
    )
      .bind(minute)
      .all<{ minute: number }>();
    expect(minutes.results.map((row) => row.minute)).toEqual([Math.floor(reports[0]!.occurredAt / 60_000)]);
    expect(after.reporters - before.reporters).toBe(2);

    // At-least-once delivery: the same messages again store and count nothing.
    const redelivery = batchOf(reports);
    await queue(redelivery, env);
    expect((await getQueueResult(redelivery, createExecutionContext())).ackAll).toBe(true);
    expect(await count("reports")).toBe(reportsBefore + 3);
    expect(await rollupTotals("offline-pay", minute)).toEqual(after);
  });

  it("drops reports for a component that no longer exists and stores the rest of the batch", async () => {
    const kept = queuedReport();
    const orphan = queuedReport({ componentId: "deleted-meanwhile" });
    const before = await count("reports");
    const batch = batchOf([orphan, kept]);
    await queue(batch, env);
    expect((await getQueueResult(batch, createExecutionContext())).ackAll).toBe(true);
    expect(await count("reports")).toBe(before + 1);
    expect(await env.DB.prepare("SELECT id FROM reports WHERE id = ?").bind(kept.id).first()).not.toBeNull();
  });

  it("asks for the whole batch again when D1 fails, having written nothing", async () => {
    const before = await count("reports");
    const failingDb = new Proxy(env.DB, {
      get(target, property) {
        if (property === "batch") return () => Promise.reject(new Error("D1_ERROR: storage unavailable"));
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const batch = batchOf([queuedReport(), queuedReport()]);
    await queue(batch, { ...env, DB: failingDb });
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.retryBatch.retry).toBe(true);
    expect(result.ackAll).toBe(false);
    expect(await count("reports")).toBe(before);
  });
});
