import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhookDeliveries, webhooks } from "../db/schema";
import { notFound } from "../domain/errors";
import type { EventType } from "../domain/events";
import { newId, newWebhookSecret } from "../lib/id";
import { writeInternal } from "./publish";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** Every webhook, or one service's, oldest first. */
export function listWebhooks(db: Database, serviceId?: string): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(serviceId ? eq(webhooks.serviceId, serviceId) : undefined)
    .orderBy(asc(webhooks.createdAt));
}

export async function findWebhook(db: Database, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id)).limit(1);
  return row;
}

async function requireWebhook(db: Database, id: string): Promise<WebhookRow> {
  const row = await findWebhook(db, id);
  if (!row) throw notFound("not_found", `No webhook with id "${id}"`);
  return row;
}

/** Registers a URL; the returned row carries the signing secret, which the API shows this once. */
export async function createWebhook(
  db: Database,
  input: { serviceId: string; url: string; events?: EventType[] | null },
  now = Date.now(),
): Promise<WebhookRow> {
  const row = {
    id: newId(),
    serviceId: input.serviceId,
    url: input.url,
    secret: newWebhookSecret(),
    events: input.events ?? null,
    enabled: true,
    consecutiveFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(webhooks).values(row);
  return row;
}

export async function updateWebhook(
  db: Database,
  id: string,
  input: { url?: string; events?: EventType[] | null; enabled?: boolean },
  now = Date.now(),
): Promise<WebhookRow> {
  await requireWebhook(db, id);
  const set: Partial<WebhookRow> = { updatedAt: now };
  if (input.url !== undefined) set.url = input.url;
  if (input.events !== undefined) set.events = input.events;
  if (input.enabled !== undefined) {
    set.enabled = input.enabled;
    // Re-enabling gives the endpoint a clean slate.
    if (input.enabled) set.consecutiveFailures = 0;
  }
  await db.update(webhooks).set(set).where(eq(webhooks.id, id));
  return (await findWebhook(db, id))!;
}

export async function deleteWebhook(db: Database, id: string): Promise<void> {
  await requireWebhook(db, id);
  await writeInternal(db, [
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)),
    db.delete(webhooks).where(eq(webhooks.id, id)),
  ]);
}

/** A service's enabled webhooks that subscribe to `event` (a null event list means all). */
export async function subscribers(db: Database, serviceId: string, event: EventType): Promise<WebhookRow[]> {
  const rows = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.enabled, true), eq(webhooks.serviceId, serviceId)));
  return rows.filter((row) => !row.events || row.events.includes(event));
}

export interface NewDelivery {
  webhookId: string;
  event: string;
  payload: string;
}

/** Stores deliveries as pending and due now, in one batch; returns their ids. */
export async function enqueueDeliveries(db: Database, deliveries: NewDelivery[], now = Date.now()): Promise<string[]> {
  const rows = deliveries.map((d) => ({
    id: newId(16),
    ...d,
    state: "pending",
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  await writeInternal(
    db,
    rows.map((row) => db.insert(webhookDeliveries).values(row)),
  );
  return rows.map((row) => row.id);
}

/** Pending deliveries due by `now` whose webhook is enabled, oldest first. */
export async function dueDeliveries(
  db: Database,
  now: number,
  limit = 50,
  ids?: string[],
): Promise<{ delivery: DeliveryRow; webhook: WebhookRow }[]> {
  const conditions = [
    eq(webhookDeliveries.state, "pending"),
    lte(webhookDeliveries.nextAttemptAt, now),
    eq(webhooks.enabled, true),
  ];
  if (ids) conditions.push(inArray(webhookDeliveries.id, ids.length ? ids : [""]));
  const rows = await db
    .select({ delivery: webhookDeliveries, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(...conditions))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit);
  return rows;
}

/** Records one attempt: the delivery's new state and the webhook's failure streak, in one batch. */
export async function recordAttempt(
  db: Database,
  delivery: DeliveryRow,
  webhook: WebhookRow,
  outcome: {
    ok: boolean;
    status: number | null;
    error: string | null;
    nextAttemptAt: number | null;
    giveUp: boolean;
    disableAfter: number;
  },
  now = Date.now(),
): Promise<void> {
  const state = outcome.ok ? "delivered" : outcome.giveUp ? "failed" : "pending";
  await writeInternal(db, [
    db
      .update(webhookDeliveries)
      .set({
        state,
        attempts: delivery.attempts + 1,
        nextAttemptAt: state === "pending" ? outcome.nextAttemptAt : null,
        lastStatus: outcome.status,
        lastError: outcome.error,
        updatedAt: now,
      })
      .where(eq(webhookDeliveries.id, delivery.id)),
    db
      .update(webhooks)
      // Counted in SQL, so concurrent attempts to one endpoint cannot lose a failure.
      .set(
        outcome.ok
          ? { consecutiveFailures: 0 }
          : {
              consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1`,
              enabled: sql`CASE WHEN ${webhooks.consecutiveFailures} + 1 >= ${outcome.disableAfter} THEN 0 ELSE ${webhooks.enabled} END`,
            },
      )
      .where(eq(webhooks.id, webhook.id)),
  ]);
}

export function listDeliveries(db: Database, webhookId: string, limit = 50): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
}
