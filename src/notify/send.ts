import {
  deleteGoneSubscriber,
  findDelivery,
  type NotificationRow,
  recordOutcome,
  startAttempt,
} from "../data/notifications";
import type { Database } from "../db/client";
import { retryDelayMs } from "../lib/backoff";
import { type Channel, ChannelError, type ChannelSender, failureReason, isPermanent } from "./channels";
import { NOTIFY_MAX_ATTEMPTS } from "./config";
import type { LinksFor } from "./links";
import type { DeliveryMessage } from "./queue-messages";

/** What the second stage sends with: a sender per channel, and each subscriber's own links. */
export interface SendDeps {
  senders: Record<Channel, ChannelSender>;
  links: LinksFor;
}

export type SendOutcome =
  | { outcome: "sent" | "gone" | "failed" | "skipped" }
  | { outcome: "retry"; delaySeconds: number };

/**
 * The second stage, for one `delivery` message: sends the notice to the row's
 * subscriber through its channel, once. A row that is no longer being sent
 * (already sent by an earlier delivery of this message, capped, given up) or
 * is gone with its subscriber is skipped. The attempt is counted on the row
 * before the send. A failure is retried with the shared backoff until
 * NOTIFY_MAX_ATTEMPTS, then the row is a dead letter (`failed`, with a short
 * safe reason); a permanent failure is one at once. A channel that answers
 * "gone" deletes the subscriber.
 */
export async function sendNotification(
  db: Database,
  message: DeliveryMessage,
  deps: SendDeps,
  now: number,
): Promise<SendOutcome> {
  const found = await findDelivery(db, message.notificationId);
  const row: NotificationRow | undefined = found?.notification;
  if (!found || !row || row.state !== "sending" || row.noticeKey !== message.notice.key) return { outcome: "skipped" };
  if (!(await startAttempt(db, row, now))) return { outcome: "skipped" };
  const { subscriber } = found;
  const attempts = row.attempts + 1;
  let result: "sent" | "gone";
  try {
    const channel = subscriber.channel as Channel;
    const sender = Object.hasOwn(deps.senders, channel) ? deps.senders[channel] : undefined;
    if (!sender) throw new ChannelError("unknown_channel", { permanent: true });
    result = await sender(subscriber, message.notice, await deps.links(subscriber, message.notice));
  } catch (error) {
    const reason = failureReason(error);
    const giveUp = isPermanent(error) || attempts >= NOTIFY_MAX_ATTEMPTS;
    // The reason only: a channel's own error may carry the address.
    console.warn(`notification ${row.id} attempt ${attempts} failed: ${reason}${giveUp ? " (given up)" : ""}`);
    await recordOutcome(db, row.id, { state: giveUp ? "failed" : "sending", reason }, now);
    return giveUp ? { outcome: "failed" } : { outcome: "retry", delaySeconds: retryDelayMs(attempts) / 1000 };
  }
  if (result === "gone") {
    await deleteGoneSubscriber(db, subscriber.id);
    return { outcome: "gone" };
  }
  await recordOutcome(db, row.id, { state: "sent", reason: null }, now);
  return { outcome: "sent" };
}
