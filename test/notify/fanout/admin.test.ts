import { env, exports } from "cloudflare:workers";
import { Validator } from "@cfworker/json-schema";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createIncident } from "../../../src/data/incident-writes";
import type { Notice } from "../../../src/notify/notice";
import { noticesOf } from "../../../src/notify/notice-of";
import { admin, BASE } from "../../admin-helpers";
import { db, resetStatus } from "../../seed";
import {
  adminWith,
  consume,
  failing,
  holdingQueue,
  notificationRows,
  recordingSenders,
  resetSubscribers,
  subscribe,
  testDeps,
} from "./helpers";

// The operator's side: dead letters (never with an address), their retry,
// and the e-mail outbox; documented in /api/openapi.json and shown in the console.

let doc: any;

beforeAll(async () => {
  doc = await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json();
});

beforeEach(async () => {
  await resetStatus();
  await resetSubscribers();
});

/** The body, checked against the schema the document declares for this answer. */
async function conforming(response: Response, method: string, path: string): Promise<any> {
  const body = await response.json<any>();
  const schema = doc.paths[path]?.[method]?.responses[String(response.status)]?.content?.["application/json"]?.schema;
  expect(schema, `${method} ${path} ${response.status} is documented`).toBeDefined();
  const result = new Validator({ ...schema, components: doc.components }, "2020-12", false).validate(body);
  expect(result.errors).toEqual([]);
  return body;
}

async function incidentNotice(): Promise<Notice> {
  const { events } = await createIncident(db, {
    serviceId: "huabei",
    name: "付款失败",
    body: "正在调查。",
    components: { "online-pay": "partial_outage" },
  });
  return (await noticesOf(db, { ...env, PUBLIC_URL: BASE }, events))[0]!;
}

/** A notification for each subscriber that its channel refused for good: dead letters. */
async function deadLetters(notice: Notice, ...people: { id: string }[]) {
  const held = holdingQueue();
  const deps = testDeps({
    queue: held.queue,
    senders: recordingSenders(() => failing("HTTP 410 refused", true)).senders,
  });
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  await consume([{ type: "notice", notice, after: null }], deps);
  await consume(held.take(), deps);
  warn.mockRestore();
  const rows = await notificationRows("state = 'failed'");
  expect(rows).toHaveLength(people.length);
  return rows;
}

describe("GET /api/admin/notifications/failed", () => {
  it("lists dead letters, the latest first, by service, never with an address", async () => {
    const email = await subscribe({ channel: "email" });
    const robot = await subscribe({
      channel: "feishu",
      address: "https://open.feishu.cn/open-apis/bot/v2/hook/secret-1",
    });
    const other = await subscribe({ serviceId: "wechat-pay", channel: "slack" });
    const notice = await incidentNotice();
    await deadLetters(notice, email, robot);
    // A dead letter of another service, by hand (its notice is not this test's concern).
    await env.DB.prepare(
      "INSERT INTO notifications (id, subscriber_id, notice_key, state, attempts, last_error, created_at, updated_at) VALUES ('other-dead', ?, 'incident:x:y', 'failed', 6, 'timeout', 1, 1)",
    )
      .bind(other.id)
      .run();

    const response = await admin("GET", "/api/admin/notifications/failed");
    const text = await response.clone().text();
    const all = await conforming(response, "get", "/api/admin/notifications/failed");
    expect(all.map((r: any) => r.subscriber_id).sort()).toEqual([email.id, robot.id, other.id].sort());
    expect(all.at(-1).id).toBe("other-dead");
    expect(all.find((r: any) => r.subscriber_id === robot.id)).toMatchObject({
      notice_key: notice.key,
      service_id: "huabei",
      channel: "feishu",
      state: "failed",
      attempts: 1,
      last_error: "HTTP 410 refused",
    });
    for (const address of [email.address, robot.address, other.address]) expect(text).not.toContain(address);
    expect(text).not.toContain("secret-1");

    const huabei = await (await admin("GET", "/api/admin/notifications/failed?service=huabei&limit=1")).json<any[]>();
    expect(huabei).toHaveLength(1);
    expect(huabei[0].service_id).toBe("huabei");
  });

  it("needs the admin token and checks its query", async () => {
    expect((await admin("GET", "/api/admin/notifications/failed", undefined, { token: null })).status).toBe(401);
    const bad = await admin("GET", "/api/admin/notifications/failed?limit=0");
    expect(bad.status).toBe(400);
    expect((await bad.json<any>()).error.field).toBe("limit");
  });
});

describe("POST /api/admin/notifications/{id}/retry", () => {
  it("queues a dead letter again with its notice rebuilt, and it is then sent once", async () => {
    const person = await subscribe({ locale: "en" });
    const notice = await incidentNotice();
    const [dead] = await deadLetters(notice, person);
    const held = holdingQueue();
    const over = { NOTIFY_QUEUE: held.queue as unknown as Queue, PUBLIC_URL: BASE };

    const retried = await adminWith(over, "POST", `/api/admin/notifications/${dead!.id}/retry`);
    expect(retried.status).toBe(202);
    const body = await conforming(retried, "post", "/api/admin/notifications/{id}/retry");
    expect(JSON.stringify(body)).not.toContain(person.address);
    expect(body).toMatchObject({
      id: dead!.id,
      state: "sending",
      attempts: 0,
      last_error: null,
    });
    expect(held.sent).toEqual([{ type: "delivery", notificationId: dead!.id, notice }]);

    const { senders, sent } = recordingSenders();
    await consume(held.take(), testDeps({ senders }));
    expect(sent.map((s) => [s.subscriberId, s.key])).toEqual([[person.id, notice.key]]);
    expect(await notificationRows()).toMatchObject([{ state: "sent", attempts: 1, last_error: null }]);

    // Sent now, so not a dead letter any more.
    const again = await adminWith(over, "POST", `/api/admin/notifications/${dead!.id}/retry`);
    expect(again.status).toBe(409);
    expect((await conforming(again, "post", "/api/admin/notifications/{id}/retry")).error.code).toBe("not_failed");
    expect(held.sent).toEqual([]);
  });

  it("answers 404 for no such notification, 409 when what it was about is gone, 503 without the queue", async () => {
    const person = await subscribe();
    const [dead] = await deadLetters(await incidentNotice(), person);
    const held = holdingQueue();
    const over = { NOTIFY_QUEUE: held.queue as unknown as Queue };

    expect((await adminWith(over, "POST", "/api/admin/notifications/nope/retry")).status).toBe(404);
    // A 503 is logged as the operator's to fix; quiet here.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const unbound = await adminWith({ NOTIFY_QUEUE: undefined }, "POST", `/api/admin/notifications/${dead!.id}/retry`);
    logged.mockRestore();
    expect(unbound.status).toBe(503);
    expect((await unbound.json<any>()).error.code).toBe("queue_unavailable");
    await resetStatus();
    const gone = await adminWith(over, "POST", `/api/admin/notifications/${dead!.id}/retry`);
    expect(gone.status).toBe(409);
    expect((await gone.json<any>()).error.code).toBe("notice_gone");
    // Still a dead letter, and nothing queued.
    expect(await notificationRows()).toMatchObject([{ state: "failed" }]);
    expect(held.sent).toEqual([]);
  });
});

describe("GET /api/admin/outbox", () => {
  it("shows the mail no sender took, newest first, to the operator in full", async () => {
    const person = await subscribe();
    for (const [i, at] of [1000, 3000, 2000].entries())
      await env.DB.prepare(
        "INSERT INTO email_outbox (id, subscriber_id, \"to\", subject, text, html, headers, created_at) VALUES (?, ?, ?, ?, ?, '<p>x</p>', '{}', ?)",
      )
        .bind(`mail-${i}`, i === 2 ? null : person.id, person.address, `主题 ${i}`, `正文 ${i}`, at)
        .run();
    const response = await admin("GET", "/api/admin/outbox");
    const mail = await conforming(response, "get", "/api/admin/outbox");
    expect(mail.map((m: any) => m.id)).toEqual(["mail-1", "mail-2", "mail-0"]);
    expect(mail[0]).toEqual({
      id: "mail-1",
      subscriber_id: person.id,
      to: person.address,
      subject: "主题 1",
      text: "正文 1",
      created_at: new Date(3000).toISOString(),
    });
    expect((await (await admin("GET", "/api/admin/outbox?limit=1")).json<any[]>()).map((m) => m.id)).toEqual([
      "mail-1",
    ]);
    expect((await admin("GET", "/api/admin/outbox?limit=500")).status).toBe(400);
    expect((await admin("GET", "/api/admin/outbox", undefined, { token: null })).status).toBe(401);
  });
});

describe("the console", () => {
  it("has a notifications section for dead letters and the outbox, in both languages", async () => {
    const zh = await (await exports.default.fetch(`${BASE}/admin`)).text();
    for (const id of ["notifications", "dead-letter-list", "outbox-list"]) expect(zh).toContain(`id="${id}"`);
    expect(zh).toContain('href="#notifications"');
    expect(zh).toContain("未送达的通知");
    expect(zh).toContain('"retry":"重试"');
    const en = await (await exports.default.fetch(`${BASE}/admin?lang=en`)).text();
    expect(en).toContain("Subscriber notifications");
    expect(en).toContain('"retry":"Retry"');
  });
});
