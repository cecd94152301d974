import { followerIds } from "../data/followers";
import { claimNotifications, unattempted } from "../data/notifications";
import { type Database, database } from "../db/client";
import type { DomainEvent } from "../domain/events";
import type { Env } from "../env";
import type { Notice } from "./notice";
import { noticesOf } from "./notice-of";
import { type NoticeMessage, type NotifyMessage, notifyQueue, sendAll } from "./queue-messages";

/**
 * After a write (src/webhooks/deliver.ts `dispatch`): one `notice` message per
 * notice the events make. Nothing when NOTIFY_QUEUE is not bound. Returns how
 * many were queued.
 */
export async function enqueueNotices(
  env: Env,
  events: DomainEvent[],
  origin?: string,
  now = Date.now(),
): Promise<number> {
  const queue = notifyQueue(env);
  if (!queue || events.length === 0) return 0;
  const notices = await noticesOf(database(env.DB), env, events, now, origin);
  await sendAll(
    queue,
    notices.map((notice) => ({ type: "notice", notice, after: null })),
  );
  return notices.length;
}

/** Followers claimed per `notice` message: a few sendBatch calls and one D1 write, whatever the audience. */
export const FOLLOWERS_PER_MESSAGE = 500;

export interface FanOutOptions {
  now: number;
  maxPerHour: number;
  /** Which delivery of this message this is (message.attempts): past the first, lost deliveries are sent again. */
  attempt: number;
}

/**
 * The first stage, for one `notice` message: claims a notification row for
 * each follower of one page, queues a `delivery` message for each row claimed
 * for sending, then the next page. A redelivered message claims nothing new
 * and so sends nothing new; if an earlier delivery of it failed after claiming,
 * its rows never attempted get their delivery messages again (a delivery
 * message sent twice still sends once, src/notify/deliver.ts).
 */
export async function fanOut(
  db: Database,
  queue: Queue<NotifyMessage>,
  message: NoticeMessage,
  options: FanOutOptions,
): Promise<{ claimed: number; capped: number }> {
  const { notice } = message;
  const page = await followerIds(db, notice, message.after, FOLLOWERS_PER_MESSAGE);
  const claims = await claimNotifications(db, notice.key, page, {
    now: options.now,
    maxPerHour: options.maxPerHour,
    uncapped: uncapped(notice),
  });
  const sending = new Set(claims.filter((claim) => claim.state === "sending").map((claim) => claim.id));
  if (options.attempt > 1) for (const id of await unattempted(db, notice.key, page)) sending.add(id);
  const next: NotifyMessage[] =
    page.length === FOLLOWERS_PER_MESSAGE ? [{ type: "notice", notice, after: page.at(-1)! }] : [];
  await sendAll(queue, [
    ...[...sending].map((notificationId): NotifyMessage => ({ type: "delivery", notificationId, notice })),
    ...next,
  ]);
  return { claimed: sending.size, capped: claims.filter((claim) => claim.state === "capped").length };
}

/**
 * What goes out whatever the hourly cap: that something is over (an incident
 * resolved, a maintenance completed, a component operational again). Someone
 * told of a problem must hear of its end, and such news ends a burst anyway.
 */
export function uncapped(notice: Notice): boolean {
  return notice.level === "resolved";
}
