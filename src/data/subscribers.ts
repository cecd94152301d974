import { and, eq, gt, inArray, isNotNull, isNull, lte, notExists, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { type AnySQLiteColumn, alias } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client";
import { emailOutbox, notifications, services, subscribers } from "../db/schema";
import {
  CHANNELS,
  type Channel,
  CONFIRM_TTL_MS,
  CONFIRMATION_INTERVAL_MS,
  type Follows,
  needsConfirmation,
  normalizeFollows,
  widenFollows,
} from "../domain/subscriptions";
import type { Locale } from "../i18n/locale";
import { newId } from "../lib/id";

/**
 * The `subscribers` table: one row per (service, channel, address). The
 * address (an e-mail address, a push endpoint, a chat robot's URL) is read
 * here for sending only: nothing in this module lists addresses for anyone
 * but a sender, and the admin console gets counts (subscriberCounts).
 * D1 has no interactive transactions: writes that belong together go in one
 * db.batch, which D1 runs as one transaction.
 * https://developers.cloudflare.com/d1/worker-api/d1-database/#batch
 */
export type SubscriberRow = typeof subscribers.$inferSelect;

export interface SignUpInput {
  serviceId: string;
  channel: Channel;
  /** Normalized already (src/notify/channel-inputs.ts): the e-mail address, push endpoint or robot URL. */
  address: string;
  /** Push keys `{ p256dh, auth }` or a robot's `{ secret }`; null keeps what is stored. */
  keys: Record<string, string> | null;
  locale: Locale;
  follows: Follows;
}

export interface SignUpResult {
  /** The stored row after this sign-up (possibly widened from an earlier one). */
  subscriber: SubscriberRow;
  /**
   * A confirmation is due now: the row is unconfirmed and no confirmation went
   * to this address (on this channel, for any service) in the last hour. The
   * row's confirmationSentAt is already set to `now`, so a concurrent sign-up
   * of the same address gets false.
   */
  shouldSendConfirmation: boolean;
}

export function followsOf(row: Pick<SubscriberRow, "componentIds" | "incidentIds">): Follows {
  return normalizeFollows({ componentIds: row.componentIds, incidentIds: row.incidentIds });
}

/**
 * Rows of this address on this channel in every service. The unique index
 * starts with service_id, so naming the services (there are few) lets SQLite
 * look each one up in it instead of scanning the table.
 */
function sameAddress(
  table: { serviceId: AnySQLiteColumn; channel: AnySQLiteColumn; address: AnySQLiteColumn },
  serviceId: string,
  channel: Channel,
  address: string,
): SQL {
  const serviceIds = sql`(SELECT ${services.id} FROM ${services} UNION SELECT ${serviceId})`;
  return and(sql`${table.serviceId} IN ${serviceIds}`, eq(table.channel, channel), eq(table.address, address))!;
}

function keyOf(serviceId: string, channel: Channel, address: string): SQL {
  return and(eq(subscribers.serviceId, serviceId), eq(subscribers.channel, channel), eq(subscribers.address, address))!;
}

/**
 * Signs an address up, or widens what it follows when it is signed up
 * already (the union; the whole service wins). Push subscribers are active at
 * once; e-mail and chat robots stay pending until confirmed, and an
 * unconfirmed row expires CONFIRM_TTL_MS after its last confirmation. The
 * language and keys are the latest sign-up's. One read, then one batch: the
 * upsert, the claim of a confirmation (a conditional UPDATE, so two
 * concurrent sign-ups cannot both send one), and the row read back.
 */
export async function signUp(db: Database, input: SignUpInput, now: number): Promise<SignUpResult> {
  const { serviceId, channel, address } = input;
  const [existing] = await db
    .select()
    .from(subscribers)
    .where(keyOf(serviceId, channel, address))
    .limit(1);
  const follows = existing ? widenFollows(followsOf(existing), input.follows) : normalizeFollows(input.follows);
  const confirmedNow = !needsConfirmation(channel);
  const keys = input.keys ?? existing?.keys ?? null;

  const upsert = db
    .insert(subscribers)
    .values({
      id: newId(16),
      serviceId,
      channel,
      address,
      keys,
      locale: input.locale,
      componentIds: follows.componentIds,
      incidentIds: follows.incidentIds,
      confirmedAt: confirmedNow ? now : null,
      confirmationSentAt: null,
      expiresAt: confirmedNow ? null : now + CONFIRM_TTL_MS,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [subscribers.serviceId, subscribers.channel, subscribers.address],
      set: {
        keys,
        locale: input.locale,
        componentIds: follows.componentIds,
        incidentIds: follows.incidentIds,
        updatedAt: now,
        ...(confirmedNow ? { confirmedAt: sql`coalesce(${subscribers.confirmedAt}, ${now})`, expiresAt: null } : {}),
      },
    });

  const recent = alias(subscribers, "recent");
  const claim = db
    .update(subscribers)
    .set({ confirmationSentAt: now, expiresAt: now + CONFIRM_TTL_MS, updatedAt: now })
    .where(
      and(
        keyOf(serviceId, channel, address),
        isNull(subscribers.confirmedAt),
        notExists(
          db
            .select({ one: sql`1` })
            .from(recent)
            .where(
              and(
                sameAddress(recent, serviceId, channel, address),
                isNotNull(recent.confirmationSentAt),
                gt(recent.confirmationSentAt, now - CONFIRMATION_INTERVAL_MS),
              ),
            ),
        ),
      ),
    )
    .returning({ id: subscribers.id });

  const [, claimed, stored] = await db.batch([
    upsert,
    claim,
    db
      .select()
      .from(subscribers)
      .where(keyOf(serviceId, channel, address))
      .limit(1),
  ] as const);
  const subscriber = stored[0];
  if (!subscriber) throw new Error("The sign-up was not stored");
  return { subscriber, shouldSendConfirmation: claimed.length === 1 };
}

export async function findSubscriber(db: Database, id: string): Promise<SubscriberRow | undefined> {
  const [row] = await db.select().from(subscribers).where(eq(subscribers.id, id)).limit(1);
  return row;
}

/**
 * Marks a subscriber confirmed (once: a second click keeps the first time)
 * and takes it off the expiry list. The caller has checked the link. Returns
 * the row, or undefined when it is gone (expired and deleted, or unsubscribed).
 */
export async function confirmSubscriber(db: Database, id: string, now: number): Promise<SubscriberRow | undefined> {
  const [row] = await db
    .update(subscribers)
    .set({ confirmedAt: sql`coalesce(${subscribers.confirmedAt}, ${now})`, expiresAt: null, updatedAt: now })
    .where(eq(subscribers.id, id))
    .returning();
  return row;
}

/** The manage page's save: what it follows now (narrowing allowed here) and its language. */
export async function updateFollows(
  db: Database,
  id: string,
  change: { follows: Follows; locale?: Locale },
  now: number,
): Promise<SubscriberRow | undefined> {
  const follows = normalizeFollows(change.follows);
  const [row] = await db
    .update(subscribers)
    .set({
      componentIds: follows.componentIds,
      incidentIds: follows.incidentIds,
      ...(change.locale ? { locale: change.locale } : {}),
      updatedAt: now,
    })
    .where(eq(subscribers.id, id))
    .returning();
  return row;
}

/** Deletes the rows `ids` selects with everything about them: notifications and e-mail outbox rows first. */
async function deleteWithRows(db: Database, ids: SQLWrapper): Promise<number> {
  const [, , deleted] = await db.batch([
    db.delete(notifications).where(inArray(notifications.subscriberId, ids)),
    db.delete(emailOutbox).where(inArray(emailOutbox.subscriberId, ids)),
    db.delete(subscribers).where(inArray(subscribers.id, ids)).returning({ id: subscribers.id }),
  ] as const);
  return deleted.length;
}

function idsWhere(db: Database, where: SQL, limit?: number): SQLWrapper {
  const query = db.select({ id: subscribers.id }).from(subscribers).where(where);
  return limit ? query.limit(limit) : query;
}

/**
 * Unsubscribes: the row and everything about the address goes, its
 * notifications and e-mail outbox rows too (they also cascade in the schema;
 * deleting them here does not depend on D1 enforcing foreign keys). True when
 * there was a row.
 */
export async function deleteSubscriber(db: Database, id: string): Promise<boolean> {
  return (await deleteWithRows(db, idsWhere(db, eq(subscribers.id, id)))) > 0;
}

/** A browser unsubscribed from push: its endpoint goes from every service. Returns the rows deleted. */
export async function deletePushEndpoint(db: Database, endpoint: string, serviceId: string): Promise<number> {
  return deleteWithRows(db, idsWhere(db, sameAddress(subscribers, serviceId, "push", endpoint)));
}

/**
 * The cron's sweep: unconfirmed sign-ups whose confirmation link expired
 * unused are deleted with everything about them, up to `batchSize` a run
 * (the expiry index finds them). Confirmed rows have no expiry.
 */
export async function deleteExpiredUnconfirmed(db: Database, now: number, batchSize = 500): Promise<number> {
  const expired = and(
    isNull(subscribers.confirmedAt),
    isNotNull(subscribers.expiresAt),
    lte(subscribers.expiresAt, now),
  )!;
  return deleteWithRows(db, idsWhere(db, expired, batchSize));
}

export interface ChannelCount {
  channel: Channel;
  /** Active: confirmed (push at sign-up). */
  confirmed: number;
  /** Waiting for their confirmation link. */
  pending: number;
}

/**
 * How many subscribe to a service, per channel, confirmed and pending: all the
 * admin console is told about subscribers (never an address). Every channel
 * is listed, with zeros.
 */
export async function subscriberCounts(db: Database, serviceId: string): Promise<ChannelCount[]> {
  const rows = await db
    .select({
      channel: subscribers.channel,
      confirmed: sql<number>`sum(CASE WHEN ${subscribers.confirmedAt} IS NOT NULL THEN 1 ELSE 0 END)`,
      pending: sql<number>`sum(CASE WHEN ${subscribers.confirmedAt} IS NULL THEN 1 ELSE 0 END)`,
    })
    .from(subscribers)
    .where(eq(subscribers.serviceId, serviceId))
    .groupBy(subscribers.channel);
  const byChannel = new Map(rows.map((row) => [row.channel, row]));
  return CHANNELS.map((channel) => ({
    channel,
    confirmed: Number(byChannel.get(channel)?.confirmed ?? 0),
    pending: Number(byChannel.get(channel)?.pending ?? 0),
  }));
}
