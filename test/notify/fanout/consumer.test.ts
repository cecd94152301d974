import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it, vi } from "vitest";
import { updateComponent } from "../../../src/data/component-writes";
import { createIncident, resolveIncident } from "../../../src/data/incident-writes";
import { scheduleMaintenance } from "../../../src/data/maintenance-writes";
import type { ComponentStatus } from "../../../src/domain/symptoms";
import { DEFAULT_MAX_PER_HOUR, NOTIFY_MAX_ATTEMPTS, notifyMaxPerHour } from "../../../src/notify/config";
import { defaultNotifyDeps } from "../../../src/notify/consumer";
import { FOLLOWERS_PER_MESSAGE } from "../../../src/notify/fanout";
import type { Notice } from "../../../src/notify/notice";
import { noticesOf } from "../../../src/notify/notice-of";
import type { DeliveryMessage, NotifyMessage } from "../../../src/notify/queue-messages";
import { BASE, TOKEN } from "../../admin-helpers";
import { db, resetStatus } from "../../seed";
import {
  consume,
  failing,
  holdingQueue,
  notificationRows,
  recordingSenders,
  resetSubscribers,
  subscribe,
  testDeps,
  testLinks,
} from "./helpers";

// The consumer's two stages called directly with the queue's own batches
// (createMessageBatch), recording senders and a holding queue: who is told,
// that each (notice, subscriber) goes once however often a message comes, the
// hourly cap, retries, dead letters and addresses that are gone.

const MINUTE = 60_000;
const pageEnv = { ...env, PUBLIC_URL: BASE };

beforeEach(async () => {
  await resetStatus();
  await resetSubscribers();
});

async function incidentNotice(components: Record<string, ComponentStatus>, name = "付款失败"): Promise<Notice> {
  const { events } = await createIncident(db, { serviceId: "huabei", name, body: "正在调查。", components });
  const [notice] = await noticesOf(db, pageEnv, events);
  return notice!;
}

const noticeMessage = (notice: Notice, after: string | null = null): NotifyMessage => ({
  type: "notice",
  notice,
  after,
});

function setup(behave?: Parameters<typeof recordingSenders>[0]) {
  const held = holdingQueue();
  const recording = recordingSenders(behave);
  const deps = testDeps({ queue: held.queue, senders: recording.senders });
  return { held, sent: recording.sent, deps };
}

const deliveriesIn = (messages: NotifyMessage[]) => messages.filter((m): m is DeliveryMessage => m.type === "delivery");

describe("the notification consumer", () => {
  it("tells each follower once, however often the notice and delivery messages come; nobody else", async () => {
    const whole = await subscribe();
    const onlinePay = await subscribe({ componentIds: ["online-pay"], channel: "push", locale: "en" });
    const repayment = await subscribe({ componentIds: ["repayment"] });
    await subscribe({ confirmed: false });
    await subscribe({ serviceId: "wechat-pay" });
    const notice = await incidentNotice({ "online-pay": "partial_outage" });
    const ofIncident = await subscribe({ componentIds: [], incidentIds: [notice.incidentId!] });
    const ofOther = await subscribe({ componentIds: [], incidentIds: ["another-one"] });
    const { held, sent, deps } = setup();

    const first = await consume([noticeMessage(notice)], deps);
    expect(first.explicitAcks).toEqual(first.ids);
    const deliveries = deliveriesIn(held.sent);
    expect(held.take()).toHaveLength(3);
    // The same notice again (a redelivery): nothing new is claimed, so nothing new is queued.
    await consume([noticeMessage(notice)], deps);
    expect(held.take()).toEqual([]);

    // Every delivery twice over, in two batches: each sends once.
    const twice = await consume(deliveries, deps);
    expect(twice.explicitAcks).toEqual(twice.ids);
    await consume(deliveries, deps);
    expect(sent.map((s) => s.subscriberId).sort()).toEqual([whole.id, onlinePay.id, ofIncident.id].sort());
    expect(sent.find((s) => s.subscriberId === onlinePay.id)).toMatchObject({
      channel: "push",
      key: notice.key,
      links: await testLinks(onlinePay),
    });
    expect(sent.every((s) => s.notice.text.en.title === notice.text.en.title)).toBe(true);

    const rows = await notificationRows();
    expect(rows.map((r) => [r.subscriber_id, r.notice_key, r.state, r.attempts])).toEqual(
      [whole.id, onlinePay.id, ofIncident.id]
        .sort()
        .map((id) => [id, notice.key, "sent", 1] as [string, string, string, number]),
    );
    for (const nobody of [repayment.id, ofOther.id]) expect(rows.some((r) => r.subscriber_id === nobody)).toBe(false);
  });

  it("sends one message when the same delivery comes twice at once", async () => {
    await subscribe();
    const notice = await incidentNotice({ "app-login": "major_outage" });
    const { held, sent, deps } = setup();
    await consume([noticeMessage(notice)], deps);
    const [delivery] = held.take();
    const both = await consume([delivery, delivery], deps);
    expect(both.explicitAcks).toEqual(both.ids);
    expect(sent).toHaveLength(1);
  });

  it("queues a claimed row's delivery again when the notice message comes back after failing", async () => {
    const person = await subscribe();
    const notice = await incidentNotice({ "online-pay": "degraded_performance" });
    const { held, sent, deps } = setup();
    await consume([noticeMessage(notice)], deps);
    // Say the first delivery of the notice message failed after claiming: its delivery messages are lost.
    held.take();
    await consume([noticeMessage(notice)], deps, 2);
    const again = held.take();
    expect(deliveriesIn(again)).toHaveLength(1);
    await consume(again, deps);
    // Once a row was attempted, a later redelivery of the notice queues nothing for it.
    await consume([noticeMessage(notice)], deps, 3);
    expect(held.take()).toEqual([]);
    expect(sent.map((s) => s.subscriberId)).toEqual([person.id]);
  });

  it("scopes maintenance and component notices to the components followed", async () => {
    const whole = await subscribe();
    const repayment = await subscribe({ componentIds: ["repayment", "app-login"] });
    const onlinePay = await subscribe({ componentIds: ["online-pay"] });
    const now = Date.now();
    const { events } = await scheduleMaintenance(db, {
      serviceId: "huabei",
      name: "升级",
      scheduledFor: now + 60 * MINUTE,
      scheduledUntil: now + 120 * MINUTE,
      components: ["repayment"],
    });
    const [maintenance] = await noticesOf(db, pageEnv, events);
    const changed = await updateComponent(db, "app-login", { status: "major_outage" });
    const [component] = await noticesOf(db, pageEnv, changed.events);
    expect(component!.kind).toBe("component");
    const { held, deps } = setup();
    await consume([noticeMessage(maintenance!), noticeMessage(component!)], deps);
    const claimed = await notificationRows();
    const who = (key: string) =>
      claimed
        .filter((r) => r.notice_key === key)
        .map((r) => r.subscriber_id)
        .sort();
    expect(who(maintenance!.key)).toEqual([whole.id, repayment.id].sort());
    expect(who(component!.key)).toEqual([whole.id, repayment.id].sort());
    expect(claimed.some((r) => r.subscriber_id === onlinePay.id)).toBe(false);
    expect(deliveriesIn(held.take())).toHaveLength(4);
  });

  it("caps a subscriber at NOTIFY_MAX_PER_HOUR an hour, but always tells that it is resolved", async () => {
    const busy = await subscribe();
    const earlier = await subscribe();
    const almost = await subscribe();
    const now = Date.now();
    const seed = async (subscriberId: string, state: string, ageMs: number, n: number) => {
      for (let i = 0; i < n; i++)
        await env.DB.prepare(
          "INSERT INTO notifications (id, subscriber_id, notice_key, state, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
        )
          .bind(
            crypto.randomUUID(),
            subscriberId,
            `incident:old:${crypto.randomUUID()}`,
            state,
            now - ageMs,
            now - ageMs,
          )
          .run();
    };
    await seed(busy.id, "sent", 50 * MINUTE, 5);
    await seed(busy.id, "sending", 1 * MINUTE, 1);
    // Older than an hour, or never reaching the person: not counted.
    await seed(earlier.id, "sent", 61 * MINUTE, 6);
    await seed(earlier.id, "failed", 5 * MINUTE, 3);
    await seed(earlier.id, "capped", 5 * MINUTE, 3);
    await seed(almost.id, "sent", 10 * MINUTE, 5);

    const notice = await incidentNotice({ "online-pay": "partial_outage" });
    const { held, sent, deps } = setup();
    await consume([noticeMessage(notice)], deps);
    await consume(held.take(), deps);
    expect(sent.map((s) => s.subscriberId).sort()).toEqual([earlier.id, almost.id].sort());
    expect(await notificationRows("notice_key = ? AND subscriber_id = ?", notice.key, busy.id)).toMatchObject([
      { state: "capped", attempts: 0 },
    ]);

    // The incident resolved: everyone hears, the capped subscriber too.
    const { events } = await resolveIncident(db, notice.incidentId!, { body: "已恢复。" });
    const [resolved] = await noticesOf(db, pageEnv, events);
    expect(resolved!.level).toBe("resolved");
    await consume([noticeMessage(resolved!)], deps);
    await consume(held.take(), deps);
    expect(sent.filter((s) => s.key === resolved!.key).map((s) => s.subscriberId)).toContain(busy.id);

    // The cap is the deployment's: a stricter one caps `almost` now too.
    const next = await incidentNotice({ repayment: "partial_outage" }, "还款失败");
    await consume([noticeMessage(next)], { ...deps, maxPerHour: 2 });
    expect((await notificationRows("notice_key = ?", next.key)).map((r) => r.state)).toEqual([
      "capped",
      "capped",
      "capped",
    ]);
  });

  it("reads NOTIFY_MAX_PER_HOUR with its rules", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(notifyMaxPerHour({})).toBe(DEFAULT_MAX_PER_HOUR);
    expect(DEFAULT_MAX_PER_HOUR).toBe(6);
    expect(notifyMaxPerHour({ NOTIFY_MAX_PER_HOUR: "3" })).toBe(3);
    expect(defaultNotifyDeps({ ...env, NOTIFY_MAX_PER_HOUR: " 12 " }).maxPerHour).toBe(12);
    expect(warn).not.toHaveBeenCalled();
    for (const bad of ["0", "2.5", "lots", "-1", "100000"])
      expect(notifyMaxPerHour({ NOTIFY_MAX_PER_HOUR: bad })).toBe(6);
    expect(warn).toHaveBeenCalledTimes(5);
    warn.mockRestore();
  });

  it("retries a failing channel with backoff, then keeps a dead letter the admin API shows without the address", async () => {
    const person = await subscribe({ channel: "wecom" });
    const notice = await incidentNotice({ "offline-pay": "partial_outage" });
    const { held, sent, deps } = setup(() => failing("HTTP 503"));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await consume([noticeMessage(notice)], deps);
    const [delivery] = held.take();
    const delays: (number | undefined)[] = [];
    for (let attempt = 1; attempt <= NOTIFY_MAX_ATTEMPTS; attempt++) {
      const result = await consume([delivery], deps, attempt);
      const [row] = await notificationRows();
      expect(row).toMatchObject({ attempts: attempt, last_error: "HTTP 503" });
      if (attempt < NOTIFY_MAX_ATTEMPTS) {
        expect(row!.state).toBe("sending");
        expect(result.explicitAcks).toEqual([]);
        delays.push(result.retryMessages[0]?.delaySeconds);
      } else {
        expect(row!.state).toBe("failed");
        expect(result.explicitAcks).toEqual(result.ids);
        expect(result.retryMessages).toEqual([]);
      }
    }
    // 1, 2, 4, 8, 16 minutes: the webhooks' backoff (src/lib/backoff.ts).
    expect(delays).toEqual([60, 120, 240, 480, 960]);
    expect(sent).toEqual([]);
    // Another copy of the message after it was given up does nothing.
    await consume([delivery], deps, NOTIFY_MAX_ATTEMPTS + 1);
    expect((await notificationRows())[0]!.attempts).toBe(NOTIFY_MAX_ATTEMPTS);
    warn.mockRestore();

    const response = await exports.default.fetch(`${BASE}/api/admin/notifications/failed`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual([
      {
        id: expect.any(String),
        notice_key: notice.key,
        service_id: "huabei",
        channel: "wecom",
        subscriber_id: person.id,
        state: "failed",
        attempts: NOTIFY_MAX_ATTEMPTS,
        last_error: "HTTP 503",
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    ]);
    expect(text).not.toContain(person.address);
    expect(text).not.toContain("@");
  });

  it("stores only a safe reason for a failure, and gives up at once on a permanent one", async () => {
    const leaky = await subscribe();
    const slow = await subscribe();
    const refused = await subscribe();
    const notice = await incidentNotice({ "online-pay": "major_outage" });
    const { held, deps } = setup((id) =>
      id === leaky.id
        ? new Error(`550 mailbox ${leaky.address} unavailable`)
        : id === slow.id
          ? new DOMException("The operation timed out", "TimeoutError")
          : failing("HTTP 400", true),
    );
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await consume([noticeMessage(notice)], deps);
    const result = await consume(held.take(), deps);
    expect(result.retryMessages).toHaveLength(2);
    const rows = new Map((await notificationRows()).map((r) => [r.subscriber_id, r]));
    expect(rows.get(leaky.id)).toMatchObject({ state: "sending", last_error: "send_failed" });
    expect(rows.get(slow.id)).toMatchObject({ state: "sending", last_error: "timeout" });
    expect(rows.get(refused.id)).toMatchObject({ state: "failed", attempts: 1, last_error: "HTTP 400" });
    // Nothing logged holds the address either.
    expect(JSON.stringify(warn.mock.calls)).not.toContain(leaky.address);
    warn.mockRestore();
  });

  it("sends through the deployment's own channels: e-mail to the outbox with its links, a signed DingTalk message", async () => {
    // No SMTP or send_email binding in the tests: e-mail waits in the outbox. The robot is the local receiver
    // (test/setup/chat-receiver.ts), allowed as in local development.
    const local = { ...pageEnv, WEBHOOK_ALLOW_HTTP_LOCALHOST: "true" };
    const secret = "SECfanout-real-channels";
    const path = `/dingtalk/signed/${secret}/fanout-${crypto.randomUUID()}`;
    const mail = await subscribe({ channel: "email" });
    const robot = await subscribe({
      channel: "dingtalk",
      address: `http://127.0.0.1:${inject("chatReceiverPort")}${path}?access_token=t`,
      keys: { secret },
      locale: "en",
    });
    const notice = await incidentNotice({ "credit-account": "partial_outage" });
    const held = holdingQueue();
    await consume([noticeMessage(notice)], testDeps({ queue: held.queue }));
    await consume(held.take(), { ...defaultNotifyDeps(local), queue: held.queue });
    expect((await notificationRows()).map((r) => [r.state, r.attempts, r.last_error])).toEqual([
      ["sent", 1, null],
      ["sent", 1, null],
    ]);
    const outbox = await env.DB.prepare("SELECT * FROM email_outbox WHERE subscriber_id = ?").bind(mail.id).all();
    expect(outbox.results).toHaveLength(1);
    const mailed = outbox.results[0] as { to: string; subject: string; headers: string };
    expect(mailed.to).toBe(mail.address);
    expect(mailed.subject).toContain(notice.text["zh-CN"].title);
    const headers = JSON.parse(mailed.headers) as Record<string, string>;
    expect(headers["List-Unsubscribe"]).toContain(`${BASE}/subscriptions/unsubscribe?id=${mail.id}&token=`);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const received = (await (
      await fetch(`http://127.0.0.1:${inject("chatReceiverPort")}/received?path=${encodeURIComponent(path)}`)
    ).json()) as Array<{ query: Record<string, string>; body: { msgtype: string; markdown: { text: string } } }>;
    expect(received).toHaveLength(1);
    expect(received[0]!.query.sign).toBeTruthy();
    expect(received[0]!.body.msgtype).toBe("markdown");
    expect(received[0]!.body.markdown.text).toContain(`/incidents/${notice.incidentId}`);
    expect(robot.id).not.toBe(mail.id);
  });

  it("makes a delivery a dead letter at once when its service has no absolute address for the links", async () => {
    await subscribe({ channel: "email" });
    const notice = await incidentNotice({ "credit-account": "partial_outage" });
    const held = holdingQueue();
    await consume([noticeMessage({ ...notice, serviceUrl: "" })], testDeps({ queue: held.queue }));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await consume(held.take(), { ...defaultNotifyDeps(env), queue: held.queue });
    expect((await notificationRows()).map((r) => [r.state, r.attempts, r.last_error])).toEqual([
      ["failed", 1, "public_url_missing"],
    ]);
    warn.mockRestore();
  });

  it("deletes a subscriber whose channel says the address is gone, and goes on with the others", async () => {
    const gone = await subscribe({ channel: "push" });
    const kept = await subscribe({ channel: "push" });
    const notice = await incidentNotice({ repayment: "partial_outage" });
    const { held, sent, deps } = setup((id) => (id === gone.id ? "gone" : "sent"));
    await consume([noticeMessage(notice)], deps);
    const result = await consume(held.take(), deps);
    expect(result.explicitAcks).toEqual(result.ids);
    expect(sent.map((s) => s.subscriberId)).toEqual([kept.id]);
    const left = await env.DB.prepare("SELECT id FROM subscribers").all<{ id: string }>();
    expect(left.results.map((r) => r.id)).toEqual([kept.id]);
    // Its notifications went with it.
    expect((await notificationRows()).map((r) => r.subscriber_id)).toEqual([kept.id]);
  });

  it("claims a large audience page by page, in batches the queue accepts", async () => {
    const now = Date.now();
    const count = FOLLOWERS_PER_MESSAGE + 1;
    const rows = Array.from({ length: count }, (_, i) => ({
      id: `bulk-${String(i).padStart(5, "0")}`,
      address: `bulk${i}@mail.example`,
    }));
    await env.DB.prepare(
      `INSERT INTO subscribers (id, service_id, channel, address, locale, confirmed_at, created_at, updated_at)
       SELECT j.value ->> 'id', 'huabei', 'email', j.value ->> 'address', 'zh-CN', ?1, ?1, ?1 FROM json_each(?2) j`,
    )
      .bind(now, JSON.stringify(rows))
      .run();
    const notice = await incidentNotice({ "online-pay": "partial_outage" });
    const { held, deps } = setup();
    await consume([noticeMessage(notice)], deps);
    const firstPage = held.take();
    expect(deliveriesIn(firstPage)).toHaveLength(FOLLOWERS_PER_MESSAGE);
    const next = firstPage.filter((m) => m.type === "notice");
    expect(next).toEqual([noticeMessage(notice, rows[FOLLOWERS_PER_MESSAGE - 1]!.id)]);
    // No sendBatch over the queue's 100 messages (the holding queue checks), and few of them.
    expect(held.calls.every((n) => n <= 100)).toBe(true);
    expect(held.calls.length).toBeLessThanOrEqual(Math.ceil((FOLLOWERS_PER_MESSAGE + 1) / 20));
    await consume(next, deps);
    expect(deliveriesIn(held.take())).toHaveLength(1);
    const claimed = await env.DB.prepare("SELECT count(DISTINCT subscriber_id) AS n FROM notifications").first<{
      n: number;
    }>();
    expect(claimed!.n).toBe(count);
  });

  it("drops a message it cannot read, and retries one D1 could not take, up to its limit", async () => {
    await subscribe();
    const notice = await incidentNotice({ "online-pay": "partial_outage" });
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const unreadable = await consume([{ type: "notice" }, { hello: 1 }, "text"], testDeps());
    expect(unreadable.explicitAcks).toEqual(unreadable.ids);

    const failingDb = new Proxy(env.DB, {
      get(target, property) {
        if (property === "prepare" || property === "batch")
          return () => {
            throw new Error("D1_ERROR: storage unavailable");
          };
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const failingEnv = { ...env, DB: failingDb };
    const first = await consume([noticeMessage(notice)], testDeps(), 1, failingEnv);
    expect(first.retryMessages).toEqual([{ msgId: first.ids[0], delaySeconds: 60 }]);
    const last = await consume([noticeMessage(notice)], testDeps(), NOTIFY_MAX_ATTEMPTS, failingEnv);
    expect(last.explicitAcks).toEqual(last.ids);
    expect(await notificationRows()).toEqual([]);
    error.mockRestore();
  });
});
