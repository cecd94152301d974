import { findNotification, recordOutcome, reopenDeadLetter } from "../data/notifications";
import type { Database } from "../db/client";
import { conflict, DomainError, notFound } from "../domain/errors";
import type { Env } from "../env";
import { noticeForKey } from "./notice-of";
import { notifyQueue } from "./queue-messages";

/**
 * An operator's retry of a dead letter: the notice is rebuilt from its key
 * (the queue message that carried it is gone), the row goes back to `sending`
 * with a clean count, and one `delivery` message is queued for it.
 */
export async function retryDeadLetter(db: Database, env: Env, id: string, origin = "", now = Date.now()) {
  const row = await findNotification(db, id);
  if (!row) throw notFound("not_found", `No notification with id "${id}"`);
  if (row.state !== "failed") throw conflict("not_failed", `Notification "${id}" is ${row.state}, not failed`);
  const queue = notifyQueue(env);
  if (!queue) throw new DomainError("unavailable", "queue_unavailable", "NOTIFY_QUEUE is not bound", undefined, 60);
  const notice = await noticeForKey(db, env, row.noticeKey, now, origin);
  if (!notice)
    throw conflict("notice_gone", "What this notification was about no longer exists or is no longer public");
  if (!(await reopenDeadLetter(db, id, now))) throw conflict("not_failed", `Notification "${id}" is no longer failed`);
  try {
    await queue.send({ type: "delivery", notificationId: id, notice }, { contentType: "json" });
  } catch (error) {
    // Not queued: it stays a dead letter rather than a row nothing will ever send.
    await recordOutcome(db, id, { state: "failed", reason: "retry_not_queued" }, now);
    throw error;
  }
  return (await findNotification(db, id))!;
}
