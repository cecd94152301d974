import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { emailOutbox, notifications, subscribers } from "../db/schema";
import { newId } from "../lib/id";
import { HOUR_MS } from "../lib/time";
import type { SubscriberRow } from "./followers";

/**
 * The notifications table: one row per (notice, subscriber), claimed before
 * anything is sent, so a redelivered queue message finds its row and sends
 * nothing twice. States: `sending` (claimed, not sent yet), `sent`, `capped`
 * (over the hourly cap, never sent), `failed` (a dead letter), `merged`
 * (reserved: folded into a later notice; this fan-out does not merge).
 */
export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationState = "sending" | "sent" | "merged" | "capped" | "failed";

export interface ClaimOptions {
  now: number;
  /** Notifications (being) sent to one subscriber in the last hour at which the next is capped. */
  maxPerHour: number;
  /** A notice that goes whatever the cap (something is resolved). */
  uncapped: boolean;
}

export interface Claim {
  id: string;
  subscriberId: string;
  state: "sending" | "capped";
}

/**
 * Claims one row per subscriber for a notice, in one statement whatever the
 * number (the rows travel as one JSON parameter: D1 binds at most 100 per
 * statement). A subscriber who already has this notice's row is skipped (ON
 * CONFLICT DO NOTHING), as is one deleted meanwhile. A subscriber with
 * `maxPerHour` notifications sending or sent in the last hour gets a `capped`
 * row, decided inside the write so that concurrent notices cannot all pass.
 * Returns the rows this call inserted.
 */
export async function claimNotifications(
  db: Database,
  noticeKey: string,
  subscriberIds: string[],
  options: ClaimOptions,
): Promise<Claim[]> {
  if (subscriberIds.length === 0) return [];
  const { now } = options;
  const rows = JSON.stringify(subscriberIds.map((subscriberId) => ({ id: newId(16), subscriberId })));
  const subscriber = sql`(j.value ->> 'subscriberId')`;
  const state = options.uncapped
    ? sql`'sending'`
    : sql`CASE WHEN (SELECT count(*) FROM ${notifications} n
          WHERE n.subscriber_id = ${subscriber} AND n.state IN ('sending', 'sent') AND n.created_at > ${now - HOUR_MS}
        ) >= ${options.maxPerHour} THEN 'capped' ELSE 'sending' END`;
  return db.all<Claim>(sql`INSERT INTO ${notifications}
      (id, subscriber_id, notice_key, state, attempts, created_at, updated_at)
    SELECT j.value ->> 'id', ${subscriber}, ${noticeKey}, ${state}, 0, ${now}, ${now}
    FROM json_each(${rows}) j
    WHERE EXISTS (SELECT 1 FROM ${subscribers} s WHERE s.id = ${subscriber})
    ON CONFLICT DO NOTHING
    RETURNING id, subscriber_id AS subscriberId, state`);
}

/** A notice's rows for these subscribers that are claimed and were never attempted (their delivery may be lost). */
export async function unattempted(db: Database, noticeKey: string, subscriberIds: string[]): Promise<string[]> {
  if (subscriberIds.length === 0) return [];
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.noticeKey, noticeKey),
        eq(notifications.state, "sending"),
        eq(notifications.attempts, 0),
        sql`${notifications.subscriberId} IN (SELECT value FROM json_each(${JSON.stringify(subscriberIds)}))`,
      ),
    );
  return rows.map((row) => row.id);
}

/** A notification with its subscriber (undefined when either is gone). */
export async function findDelivery(
  db: Database,
  id: string,
): Promise<{ notification: NotificationRow; subscriber: SubscriberRow } | undefined> {
  const [row] = await db
    .select({ notification: notifications, subscriber: subscribers })
    .from(notifications)
    .innerJoin(subscribers, eq(subscribers.id, notifications.subscriberId))
    .where(eq(notifications.id, id))
    .limit(1);
  return row;
}

/**
 * Takes the next attempt of a notification still being sent: counts it on the
 * row before anything goes out, and only if no one else took it since the row
 * was read (a copy of the message delivered twice at once sends nothing).
 */
export async function startAttempt(db: Database, row: NotificationRow, now: number): Promise<boolean> {
  const taken = await db
    .update(notifications)
    .set({ attempts: row.attempts + 1, updatedAt: now })
    .where(
      and(eq(notifications.id, row.id), eq(notifications.state, "sending"), eq(notifications.attempts, row.attempts)),
    )
    .returning({ id: notifications.id });
  return taken.length === 1;
}

/** The outcome of an attempt: sent, failed for now (`reason` kept for the console), or given up. */
export async function recordOutcome(
  db: Database,
  id: string,
  outcome: { state: "sent" | "sending" | "failed"; reason: string | null },
  now: number,
): Promise<void> {
  await db
    .update(notifications)
    .set({ state: outcome.state, lastError: outcome.reason, updatedAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.state, "sending")));
}

/** A channel said the address is gone: the subscriber goes, and with it its notifications and outbox mail. */
export async function deleteGoneSubscriber(db: Database, subscriberId: string): Promise<void> {
  await db.delete(subscribers).where(eq(subscribers.id, subscriberId));
}

/** A dead letter as the console shows it: never the subscriber's address. */
export interface DeadLetter {
  id: string;
  noticeKey: string;
  subscriberId: string;
  serviceId: string;
  channel: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

const deadLetterColumns = {
  id: notifications.id,
  noticeKey: notifications.noticeKey,
  subscriberId: notifications.subscriberId,
  serviceId: subscribers.serviceId,
  channel: subscribers.channel,
  attempts: notifications.attempts,
  lastError: notifications.lastError,
  createdAt: notifications.createdAt,
  updatedAt: notifications.updatedAt,
};

/** Notifications given up, the latest first (one service's, or every one). */
export function listDeadLetters(
  db: Database,
  filter: { serviceId?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  return db
    .select(deadLetterColumns)
    .from(notifications)
    .innerJoin(subscribers, eq(subscribers.id, notifications.subscriberId))
    .where(
      and(
        eq(notifications.state, "failed"),
        filter.serviceId ? eq(subscribers.serviceId, filter.serviceId) : undefined,
      ),
    )
    .orderBy(desc(notifications.updatedAt))
    .limit(filter.limit ?? 100);
}

/** One notification in the dead letters' shape (whatever its state), with that state. */
export async function findNotification(
  db: Database,
  id: string,
): Promise<(DeadLetter & { state: string }) | undefined> {
  const [row] = await db
    .select({ ...deadLetterColumns, state: notifications.state })
    .from(notifications)
    .innerJoin(subscribers, eq(subscribers.id, notifications.subscriberId))
    .where(eq(notifications.id, id))
    .limit(1);
  return row;
}

/** A dead letter back to `sending` with a clean count, if it still is one; true when this call reopened it. */
export async function reopenDeadLetter(db: Database, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ state: "sending", attempts: 0, lastError: null, updatedAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.state, "failed")))
    .returning({ id: notifications.id });
  return rows.length === 1;
}

export type OutboxRow = typeof emailOutbox.$inferSelect;

/** The e-mail no sender took, the latest first. */
export function listOutbox(db: Database, limit = 50): Promise<OutboxRow[]> {
  return db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}
