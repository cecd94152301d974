import { recordOutcome } from "../data/notifications";
import { type Database, database } from "../db/client";
import type { Env } from "../env";
import { retryDelayMs } from "../lib/backoff";
import { channelSendersFor } from "./channel-senders";
import { NOTIFY_MAX_ATTEMPTS, notifyMaxPerHour } from "./config";
import { fanOut } from "./fanout";
import { linksFor } from "./links";
import { type NotifyMessage, notifyMessageSchema, notifyQueue } from "./queue-messages";
import { type SendDeps, sendNotification } from "./send";

/** Everything the consumer talks to besides D1; tests hand in their own. */
export interface NotifyDeps extends SendDeps {
  /** Where `delivery` messages and the next pages go (NOTIFY_QUEUE). */
  queue: Queue<NotifyMessage> | undefined;
  maxPerHour: number;
  now: () => number;
}

/** The deployment's own: channels from channels.ts, links from links.ts, the queue and cap from env. */
export function defaultNotifyDeps(env: Env): NotifyDeps {
  return {
    senders: channelSendersFor(env, database(env.DB), (request) => fetch(request)),
    links: linksFor(env),
    queue: notifyQueue(env),
    maxPerHour: notifyMaxPerHour(env),
    now: () => Date.now(),
  };
}

/**
 * The notification queue's consumer (src/queue.ts routes `paystatus-notify`
 * here). Each message is handled, acknowledged or retried on its own: one
 * subscriber's failing channel never holds up another's notice.
 * https://developers.cloudflare.com/queues/configuration/batching-retries/
 */
export async function consumeNotifyBatch(
  batch: MessageBatch<unknown>,
  env: Env,
  deps: NotifyDeps = defaultNotifyDeps(env),
): Promise<void> {
  const db = database(env.DB);
  await Promise.all(batch.messages.map((message) => consumeMessage(db, message, deps)));
}

async function consumeMessage(db: Database, message: Message<unknown>, deps: NotifyDeps): Promise<void> {
  const parsed = notifyMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    // No deploy of this Worker can read it: retrying would only keep it going round.
    console.error("dropping an unreadable notify message", message.id, parsed.error.issues.slice(0, 3));
    message.ack();
    return;
  }
  const body = parsed.data;
  try {
    if (body.type === "notice") {
      if (!deps.queue) throw new Error("NOTIFY_QUEUE is not bound");
      await fanOut(db, deps.queue, body, { now: deps.now(), maxPerHour: deps.maxPerHour, attempt: message.attempts });
      message.ack();
      return;
    }
    const sent = await sendNotification(db, body, deps, deps.now());
    if (sent.outcome === "retry") message.retry({ delaySeconds: sent.delaySeconds });
    else message.ack();
  } catch (error) {
    // D1 or the queue failed (a channel's failure is settled in sendNotification): later, up to the same limit.
    if (message.attempts < NOTIFY_MAX_ATTEMPTS) {
      console.error(`notify message ${message.id} (${body.type}) failed; retrying`, error);
      message.retry({ delaySeconds: retryDelayMs(message.attempts) / 1000 });
      return;
    }
    console.error(`notify message ${message.id} (${body.type}, ${body.notice.key}) given up`, error);
    if (body.type === "delivery")
      await recordOutcome(db, body.notificationId, { state: "failed", reason: "internal_error" }, deps.now()).catch(
        () => {},
      );
    message.ack();
  }
}
