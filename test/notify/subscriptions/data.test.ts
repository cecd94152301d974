import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  confirmSubscriber,
  deleteExpiredUnconfirmed,
  deletePushEndpoint,
  deleteSubscriber,
  findSubscriber,
  type SignUpInput,
  signUp,
  subscriberCounts,
  updateFollows,
} from "../../../src/data/subscribers";
import { CONFIRM_TTL_MS, WHOLE_SERVICE, widenFollows } from "../../../src/domain/subscriptions";
import { HOUR_MS, MINUTE_MS } from "../../../src/lib/time";
import { db } from "../../seed";

// The subscribers table through src/data/subscribers.ts: sign-up and widening, one confirmation an hour,
// confirming, managing, unsubscribing with everything about the address, and the expiry sweep.

let counter = 0;
const uniqueAddress = () => `someone.${Date.now().toString(36)}.${++counter}@example.com`;

function emailSignUp(overrides: Partial<SignUpInput> = {}): SignUpInput {
  return {
    serviceId: "huabei",
    channel: "email",
    address: uniqueAddress(),
    keys: null,
    locale: "zh-CN",
    follows: WHOLE_SERVICE,
    ...overrides,
  };
}

async function insertNotification(subscriberId: string, noticeKey: string, at: number): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO notifications (id, subscriber_id, notice_key, state, attempts, created_at, updated_at) VALUES (?, ?, ?, 'sent', 1, ?, ?)",
  )
    .bind(crypto.randomUUID(), subscriberId, noticeKey, at, at)
    .run();
}

async function insertOutbox(subscriberId: string, to: string, at: number): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO email_outbox (id, subscriber_id, \"to\", subject, text, created_at) VALUES (?, ?, ?, 'Confirm', 'Follow the link', ?)",
  )
    .bind(crypto.randomUUID(), subscriberId, to, at)
    .run();
}

async function rowsAbout(subscriberId: string, address: string) {
  const count = async (sql: string, ...values: string[]) =>
    (await env.DB.prepare(sql)
      .bind(...values)
      .first<{ n: number }>())!.n;
  return {
    subscribers: await count("SELECT COUNT(*) AS n FROM subscribers WHERE address = ?", address),
    notifications: await count("SELECT COUNT(*) AS n FROM notifications WHERE subscriber_id = ?", subscriberId),
    outbox: await count(
      'SELECT COUNT(*) AS n FROM email_outbox WHERE subscriber_id = ? OR "to" = ?',
      subscriberId,
      address,
    ),
  };
}

describe("widenFollows", () => {
  it("is the union, and the whole service wins", () => {
    expect(
      widenFollows(
        { componentIds: ["repayment"], incidentIds: null },
        { componentIds: ["online-pay"], incidentIds: ["i1"] },
      ),
    ).toEqual({ componentIds: ["online-pay", "repayment"], incidentIds: ["i1"] });
    expect(widenFollows({ componentIds: ["repayment"], incidentIds: null }, WHOLE_SERVICE)).toEqual(WHOLE_SERVICE);
    expect(widenFollows(WHOLE_SERVICE, { componentIds: ["online-pay"], incidentIds: null })).toEqual(WHOLE_SERVICE);
    expect(
      widenFollows({ componentIds: ["a", "b"], incidentIds: null }, { componentIds: ["b", "a"], incidentIds: null }),
    ).toEqual({ componentIds: ["a", "b"], incidentIds: null });
  });
});

describe("signUp", () => {
  it("stores a pending e-mail sign-up that expires, and claims its confirmation", async () => {
    const now = Date.now();
    const input = emailSignUp({ follows: { componentIds: ["online-pay"], incidentIds: null } });
    const { subscriber, shouldSendConfirmation } = await signUp(db, input, now);
    expect(shouldSendConfirmation).toBe(true);
    expect(subscriber).toMatchObject({
      serviceId: "huabei",
      channel: "email",
      address: input.address,
      locale: "zh-CN",
      componentIds: ["online-pay"],
      incidentIds: null,
      confirmedAt: null,
      confirmationSentAt: now,
      expiresAt: now + CONFIRM_TTL_MS,
    });
  });

  it("widens what an address follows when it signs up again, in the latest language, and keeps one row", async () => {
    const now = Date.now();
    const first = await signUp(db, emailSignUp({ follows: { componentIds: ["online-pay"], incidentIds: null } }), now);
    const address = first.subscriber.address;
    const second = await signUp(
      db,
      emailSignUp({ address, locale: "en", follows: { componentIds: ["repayment"], incidentIds: ["inc-1"] } }),
      now + MINUTE_MS,
    );
    expect(second.subscriber.id).toBe(first.subscriber.id);
    expect(second.subscriber).toMatchObject({
      componentIds: ["online-pay", "repayment"],
      incidentIds: ["inc-1"],
      locale: "en",
    });
    const third = await signUp(db, emailSignUp({ address, follows: WHOLE_SERVICE }), now + 2 * MINUTE_MS);
    expect(third.subscriber).toMatchObject({ componentIds: null, incidentIds: null });
    // A narrower sign-up afterwards does not narrow it again.
    const fourth = await signUp(
      db,
      emailSignUp({ address, follows: { componentIds: ["repayment"], incidentIds: null } }),
      now + 3 * MINUTE_MS,
    );
    expect(fourth.subscriber).toMatchObject({ componentIds: null, incidentIds: null });
    expect((await rowsAbout(first.subscriber.id, address)).subscribers).toBe(1);
  });

  it("sends at most one confirmation per address per hour, and the next one after the hour", async () => {
    const now = Date.now();
    const input = emailSignUp();
    expect((await signUp(db, input, now)).shouldSendConfirmation).toBe(true);
    expect((await signUp(db, input, now + 10 * MINUTE_MS)).shouldSendConfirmation).toBe(false);
    const late = await signUp(db, input, now + 59 * MINUTE_MS);
    expect(late.shouldSendConfirmation).toBe(false);
    // The row keeps the first confirmation's time: that link still works.
    expect(late.subscriber.confirmationSentAt).toBe(now);
    const after = await signUp(db, input, now + HOUR_MS + 1);
    expect(after.shouldSendConfirmation).toBe(true);
    expect(after.subscriber.confirmationSentAt).toBe(now + HOUR_MS + 1);
    expect(after.subscriber.expiresAt).toBe(now + HOUR_MS + 1 + CONFIRM_TTL_MS);
  });

  it("counts the hour per address across services, and concurrent sign-ups claim one confirmation", async () => {
    await env.DB.prepare(
      "INSERT OR IGNORE INTO services (id, preset, overrides, enabled, position, created_at, updated_at) VALUES ('alipay', 'alipay', NULL, 1, 5, 0, 0)",
    ).run();
    const now = Date.now();
    const address = uniqueAddress();
    const results = await Promise.all([
      signUp(db, emailSignUp({ address }), now),
      signUp(db, emailSignUp({ address }), now),
      signUp(db, emailSignUp({ address }), now),
    ]);
    expect(results.filter((r) => r.shouldSendConfirmation)).toHaveLength(1);
    const other = await signUp(db, emailSignUp({ address, serviceId: "alipay" }), now + MINUTE_MS);
    expect(other.shouldSendConfirmation).toBe(false);
    expect(other.subscriber.serviceId).toBe("alipay");
  });

  it("never sends a confirmation to a confirmed address", async () => {
    const now = Date.now();
    const input = emailSignUp();
    const { subscriber } = await signUp(db, input, now);
    await confirmSubscriber(db, subscriber.id, now + MINUTE_MS);
    const again = await signUp(db, input, now + 2 * HOUR_MS);
    expect(again.shouldSendConfirmation).toBe(false);
    expect(again.subscriber).toMatchObject({ confirmedAt: now + MINUTE_MS, expiresAt: null });
  });

  it("makes a push subscriber active at once, with its keys, and never a confirmation", async () => {
    const now = Date.now();
    const endpoint = `https://push.example.net/send/${crypto.randomUUID()}`;
    const result = await signUp(
      db,
      emailSignUp({ channel: "push", address: endpoint, keys: { p256dh: "BPk", auth: "au" } }),
      now,
    );
    expect(result.shouldSendConfirmation).toBe(false);
    expect(result.subscriber).toMatchObject({
      confirmedAt: now,
      expiresAt: null,
      confirmationSentAt: null,
      keys: { p256dh: "BPk", auth: "au" },
    });
  });
});

describe("confirm, manage, unsubscribe", () => {
  it("confirms once (a second click keeps the first time) and takes the row off the expiry list", async () => {
    const now = Date.now();
    const { subscriber } = await signUp(db, emailSignUp(), now);
    const confirmed = await confirmSubscriber(db, subscriber.id, now + 1000);
    expect(confirmed).toMatchObject({ confirmedAt: now + 1000, expiresAt: null });
    expect((await confirmSubscriber(db, subscriber.id, now + 5000))?.confirmedAt).toBe(now + 1000);
    expect(await confirmSubscriber(db, "no-such-subscriber", now)).toBeUndefined();
  });

  it("updateFollows narrows and changes the language", async () => {
    const now = Date.now();
    const { subscriber } = await signUp(db, emailSignUp(), now);
    const updated = await updateFollows(
      db,
      subscriber.id,
      { follows: { componentIds: ["repayment", "repayment"], incidentIds: null }, locale: "en" },
      now + 1,
    );
    expect(updated).toMatchObject({ componentIds: ["repayment"], incidentIds: null, locale: "en", updatedAt: now + 1 });
    expect((await findSubscriber(db, subscriber.id))?.componentIds).toEqual(["repayment"]);
  });

  it("deleteSubscriber removes the row, its notifications and its outbox rows", async () => {
    const now = Date.now();
    const { subscriber } = await signUp(db, emailSignUp(), now);
    await insertNotification(subscriber.id, "incident:x:1", now);
    await insertNotification(subscriber.id, "incident:x:2", now);
    await insertOutbox(subscriber.id, subscriber.address, now);
    expect(await rowsAbout(subscriber.id, subscriber.address)).toEqual({ subscribers: 1, notifications: 2, outbox: 1 });
    expect(await deleteSubscriber(db, subscriber.id)).toBe(true);
    expect(await rowsAbout(subscriber.id, subscriber.address)).toEqual({ subscribers: 0, notifications: 0, outbox: 0 });
    expect(await deleteSubscriber(db, subscriber.id)).toBe(false);
  });

  it("deletePushEndpoint removes the endpoint from every service", async () => {
    const now = Date.now();
    const endpoint = `https://push.example.net/send/${crypto.randomUUID()}`;
    const push = { channel: "push" as const, address: endpoint, keys: { p256dh: "k", auth: "a" } };
    const one = await signUp(db, emailSignUp(push), now);
    await signUp(db, emailSignUp({ ...push, serviceId: "alipay" }), now);
    await insertNotification(one.subscriber.id, "n1", now);
    expect(await deletePushEndpoint(db, endpoint, "huabei")).toBe(2);
    expect(await rowsAbout(one.subscriber.id, endpoint)).toMatchObject({ subscribers: 0, notifications: 0 });
  });
});

describe("deleteExpiredUnconfirmed", () => {
  it("deletes unconfirmed rows past their expiry with everything about them, and keeps confirmed and fresh ones", async () => {
    const now = Date.now();
    const stale = await signUp(db, emailSignUp(), now - CONFIRM_TTL_MS - MINUTE_MS);
    await insertOutbox(stale.subscriber.id, stale.subscriber.address, now - CONFIRM_TTL_MS);
    const fresh = await signUp(db, emailSignUp(), now - MINUTE_MS);
    const confirmed = await signUp(db, emailSignUp(), now - CONFIRM_TTL_MS - MINUTE_MS);
    await confirmSubscriber(db, confirmed.subscriber.id, now - CONFIRM_TTL_MS);
    await insertNotification(confirmed.subscriber.id, "n", now);

    expect(await deleteExpiredUnconfirmed(db, now)).toBeGreaterThanOrEqual(1);
    expect(await findSubscriber(db, stale.subscriber.id)).toBeUndefined();
    expect(await rowsAbout(stale.subscriber.id, stale.subscriber.address)).toEqual({
      subscribers: 0,
      notifications: 0,
      outbox: 0,
    });
    expect(await findSubscriber(db, fresh.subscriber.id)).toBeDefined();
    expect(await findSubscriber(db, confirmed.subscriber.id)).toBeDefined();
    expect((await rowsAbout(confirmed.subscriber.id, confirmed.subscriber.address)).notifications).toBe(1);
  });
});

describe("subscriberCounts", () => {
  it("counts per channel, confirmed and pending, for one service, with every channel listed", async () => {
    const now = Date.now();
    const service = { serviceId: "counted-service" };
    const a = await signUp(db, emailSignUp(service), now);
    await signUp(db, emailSignUp(service), now);
    await confirmSubscriber(db, a.subscriber.id, now);
    await signUp(
      db,
      emailSignUp({ ...service, channel: "push", address: "https://push.example.net/x", keys: null }),
      now,
    );
    const counts = await subscriberCounts(db, "counted-service");
    expect(counts.map((c) => c.channel)).toEqual(["email", "push", "wecom", "dingtalk", "feishu", "slack"]);
    expect(counts.find((c) => c.channel === "email")).toEqual({ channel: "email", confirmed: 1, pending: 1 });
    expect(counts.find((c) => c.channel === "push")).toEqual({ channel: "push", confirmed: 1, pending: 0 });
    expect(counts.find((c) => c.channel === "slack")).toEqual({ channel: "slack", confirmed: 0, pending: 0 });
  });
});
