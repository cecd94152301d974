import {
  type DeliveryRow,
  dueDeliveries,
  enqueueDeliveries,
  type NewDelivery,
  recordAttempt,
  subscribers,
  type WebhookRow,
} from "../data/webhooks";
import { type Database, database } from "../db/client";
import type { DomainEvent } from "../domain/events";
import { STRICT_WEBHOOK_URLS, type WebhookUrlPolicy, webhookUrlPolicy, webhookUrlProblem } from "../domain/webhook-url";

export { webhookUrlPolicy };

import type { Env } from "../env";
import { enqueueNotices } from "../notify/fanout";
import { statusBoard } from "../read-model";
import { eventSubject, outboundPageContext } from "../read-model/event-subject";
import { ATTEMPT_TIMEOUT_MS, DISABLE_AFTER_FAILURES, MAX_ATTEMPTS, retryDelayMs } from "./backoff";
import { buildPayload } from "./payload";
import { signatureHeaders } from "./sign";

export type Fetcher = (request: Request) => Promise<Response>;

/** Turns events into pending deliveries, one per webhook of the event's service that subscribes; returns their ids. */
export async function queueEvents(
  db: Database,
  env: Env,
  events: DomainEvent[],
  now = Date.now(),
  origin = "",
): Promise<string[]> {
  const deliveries: NewDelivery[] = [];
  const board = await statusBoard(db, env, now);
  for (const event of events) {
    const subject = await eventSubject(db, board, event);
    if (!subject) continue;
    const hooks = await subscribers(db, subject.snapshot.service.id, event.type);
    if (hooks.length === 0) continue;
    const ctx = outboundPageContext(env, board, subject.snapshot, origin, now);
    const payload = buildPayload(subject.snapshot, ctx, event, subject.view);
    if (!payload) continue;
    const body = JSON.stringify(payload);
    for (const hook of hooks) deliveries.push({ webhookId: hook.id, event: event.type, payload: body });
  }
  return deliveries.length ? enqueueDeliveries(db, deliveries, now) : [];
}

/**
 * Why an attempt failed, in words that are safe to store and show: never the
 * network error's own text (it can carry internal addresses or resolver detail).
 */
export type FailureReason = "invalid URL" | "timeout" | "connection failed" | `HTTP ${number}`;

function failureOf(caught: unknown): FailureReason {
  const name = caught instanceof Error || caught instanceof DOMException ? caught.name : "";
  return name === "TimeoutError" || name === "AbortError" ? "timeout" : "connection failed";
}

/**
 * One POST, signed as Standard Webhooks say (sign.ts) with this attempt's time;
 * the outcome decides the delivery's next state (delivered, retry later, or
 * given up). A URL the rules no longer allow (domain/webhook-url.ts) is not fetched.
 */
export async function attempt(
  db: Database,
  delivery: DeliveryRow,
  webhook: WebhookRow,
  fetcher: Fetcher,
  now = Date.now(),
  policy: WebhookUrlPolicy = STRICT_WEBHOOK_URLS,
): Promise<boolean> {
  let status: number | null = null;
  let error: FailureReason | null = null;
  if (webhookUrlProblem(webhook.url, policy)) {
    error = "invalid URL";
  } else {
    try {
      const request = new Request(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "paystatus-webhooks/1",
          ...(await signatureHeaders(webhook.secret, delivery.id, now, delivery.payload)),
          "x-webhook-event": delivery.event,
        },
        body: delivery.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const response = await fetcher(request);
      status = response.status;
      await response.body?.cancel();
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (caught) {
      error = failureOf(caught);
    }
  }
  const ok = error === null;
  const attempts = delivery.attempts + 1;
  const giveUp = !ok && attempts >= MAX_ATTEMPTS;
  await recordAttempt(
    db,
    delivery,
    webhook,
    {
      ok,
      status,
      error,
      giveUp,
      nextAttemptAt: giveUp ? null : now + retryDelayMs(attempts),
      disableAfter: DISABLE_AFTER_FAILURES,
    },
    now,
  );
  return ok;
}

/** Attempts every due delivery (or only `ids`); the cron calls this every minute for retries. */
export async function deliverDue(
  db: Database,
  fetcher: Fetcher,
  now = Date.now(),
  ids?: string[],
  policy: WebhookUrlPolicy = STRICT_WEBHOOK_URLS,
): Promise<{ delivered: number; failed: number }> {
  const due = await dueDeliveries(db, now, 50, ids);
  const results = await Promise.all(
    due.map(({ delivery, webhook }) => attempt(db, delivery, webhook, fetcher, now, policy)),
  );
  return { delivered: results.filter(Boolean).length, failed: results.filter((r) => !r).length };
}

/**
 * After a write: queue the events' webhooks and try them at once (what fails is
 * retried by the cron), and hand subscribers their notices (src/notify, through
 * NOTIFY_QUEUE). Each runs whatever becomes of the other.
 */
export async function dispatch(
  env: Env,
  events: DomainEvent[],
  origin?: string,
  fetcher: Fetcher = (r) => fetch(r),
): Promise<void> {
  if (events.length === 0) return;
  const db = database(env.DB);
  const now = Date.now();
  const webhooks = async () => {
    const ids = await queueEvents(db, env, events, now, origin);
    if (ids.length) await deliverDue(db, fetcher, Date.now(), ids, webhookUrlPolicy(env));
  };
  const outcomes = await Promise.allSettled([webhooks(), enqueueNotices(env, events, origin, now)]);
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
}
