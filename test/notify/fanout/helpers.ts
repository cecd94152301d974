import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { subscribers } from "../../../src/db/schema";
import { app } from "../../../src/index";
import { type Channel, ChannelError, type ChannelSender, type NoticeLinks } from "../../../src/notify/channels";
import { consumeNotifyBatch, type NotifyDeps } from "../../../src/notify/consumer";
import type { Notice } from "../../../src/notify/notice";
import { NOTIFY_QUEUE_NAME, type NotifyMessage } from "../../../src/notify/queue-messages";
import { BASE, TOKEN } from "../../admin-helpers";
import { db } from "../../seed";

/** A queue that keeps what is sent to it, for the test to hand to the consumer itself. */
export function holdingQueue() {
  const sent: NotifyMessage[] = [];
  const calls: number[] = [];
  const queue = {
    send: async (body: NotifyMessage) => {
      calls.push(1);
      sent.push(structuredClone(body));
    },
    sendBatch: async (messages: Iterable<MessageSendRequest<NotifyMessage>>) => {
      const list = [...messages];
      expect(list.length).toBeLessThanOrEqual(100);
      calls.push(list.length);
      for (const m of list) sent.push(structuredClone(m.body));
    },
  } as unknown as Queue<NotifyMessage>;
  return { queue, sent, calls, take: () => sent.splice(0) };
}

export interface SentRecord {
  subscriberId: string;
  channel: string;
  key: string;
  notice: Notice;
  links: NoticeLinks;
}

/**
 * Senders for every channel that record what they send. `behave` decides per
 * call: "sent" (the default), "gone", or an error to throw.
 */
export function recordingSenders(
  behave: (subscriberId: string, notice: Notice) => "sent" | "gone" | Error = () => "sent",
) {
  const sent: SentRecord[] = [];
  const sender =
    (channel: Channel): ChannelSender =>
    async (subscriber, notice, links) => {
      const outcome = behave(subscriber.id, notice);
      if (outcome instanceof Error) throw outcome;
      if (outcome === "sent") sent.push({ subscriberId: subscriber.id, channel, key: notice.key, notice, links });
      return outcome;
    };
  const senders = Object.fromEntries(
    (["email", "push", "wecom", "dingtalk", "feishu", "slack"] as const).map((c) => [c, sender(c)]),
  ) as Record<Channel, ChannelSender>;
  return { senders, sent };
}

export const testLinks = async (subscriber: { id: string }): Promise<NoticeLinks> => ({
  manageUrl: `${BASE}/subscriptions/manage?for=${subscriber.id}`,
  unsubscribeUrl: `${BASE}/subscriptions/unsubscribe?for=${subscriber.id}`,
});

export function testDeps(overrides: Partial<NotifyDeps> = {}): NotifyDeps {
  return {
    senders: recordingSenders().senders,
    links: testLinks,
    queue: holdingQueue().queue,
    maxPerHour: 6,
    now: () => Date.now(),
    ...overrides,
  };
}

let messageCounter = 0;

/** A batch of the notification queue, as the queue hands it to the Worker. */
export function batchOf(bodies: unknown[], attempts = 1) {
  return createMessageBatch(
    NOTIFY_QUEUE_NAME,
    bodies.map((body) => ({ id: `notify-${++messageCounter}`, timestamp: Date.now(), attempts, body })),
  );
}

/**
 * Consumes one batch with `deps`; returns what the consumer acknowledged and
 * asked to retry, with each retry's delay (createMessageBatch's own result
 * leaves the delays out, so each message's retry() is watched here).
 */
export async function consume(bodies: unknown[], deps: NotifyDeps, attempts = 1, workerEnv: Cloudflare.Env = env) {
  const batch = batchOf(bodies, attempts);
  const delays = new Map<string, number | undefined>();
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    Object.defineProperty(message, "retry", {
      value: (options?: QueueRetryOptions) => {
        delays.set(message.id, options?.delaySeconds);
        retry(options);
      },
    });
  }
  await consumeNotifyBatch(batch, workerEnv, deps);
  const result = await getQueueResult(batch, createExecutionContext());
  return {
    ...result,
    ids: batch.messages.map((m) => m.id),
    retryMessages: result.retryMessages.map((m) => ({ ...m, delaySeconds: delays.get(m.msgId) })),
  };
}

let subscriberCounter = 0;

export interface NewSubscriber {
  serviceId?: string;
  channel?: Channel;
  address?: string;
  locale?: "zh-CN" | "en";
  componentIds?: string[] | null;
  incidentIds?: string[] | null;
  keys?: Record<string, string> | null;
  confirmed?: boolean;
}

/**
 * A subscriber as the sign-up side stores one (that side is another part of
 * #17; its rows are what this inserts). Confirmed unless told otherwise.
 */
export async function subscribe(fields: NewSubscriber = {}): Promise<{ id: string; address: string }> {
  const now = Date.now();
  const n = ++subscriberCounter;
  const row = {
    id: `sub-${String(n).padStart(4, "0")}-${crypto.randomUUID().slice(0, 8)}`,
    serviceId: fields.serviceId ?? "huabei",
    channel: fields.channel ?? "email",
    address: fields.address ?? `person${n}.${crypto.randomUUID().slice(0, 6)}@mail.example`,
    keys: fields.keys ?? null,
    locale: fields.locale ?? "zh-CN",
    componentIds: fields.componentIds ?? null,
    incidentIds: fields.incidentIds ?? null,
    confirmedAt: fields.confirmed === false ? null : now,
    confirmationSentAt: now,
    expiresAt: fields.confirmed === false ? now + 86_400_000 : null,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(subscribers).values(row);
  return { id: row.id, address: row.address };
}

/** No subscribers, and so no notifications or outbox mail (they go with their subscriber). */
export async function resetSubscribers(): Promise<void> {
  await db.delete(subscribers);
}

/**
 * An admin API call answered by the Worker with `overrides` in its env (a
 * holding NOTIFY_QUEUE), waiting for what it does after answering (dispatch).
 */
export async function adminWith(
  overrides: Partial<Cloudflare.Env>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`${BASE}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

/** The notice messages a holding queue got. */
export function noticesIn(messages: NotifyMessage[]): Notice[] {
  return messages.flatMap((m) => (m.type === "notice" ? [m.notice] : []));
}

export async function notificationRows(where = "1 = 1", ...values: unknown[]) {
  const rows = await env.DB.prepare(
    `SELECT id, subscriber_id, notice_key, state, attempts, last_error FROM notifications WHERE ${where} ORDER BY subscriber_id, created_at`,
  )
    .bind(...values)
    .all<{
      id: string;
      subscriber_id: string;
      notice_key: string;
      state: string;
      attempts: number;
      last_error: string | null;
    }>();
  return rows.results;
}

export const failing = (reason: string, permanent = false) => new ChannelError(reason, { permanent });
