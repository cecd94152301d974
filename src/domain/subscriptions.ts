import { DAY_MS, HOUR_MS } from "../lib/time";

/**
 * Subscriptions (issue 17): who asked to be told about a service, through which
 * channel, and what they follow. The rules here are pure; the table is
 * `subscribers` (src/db/schema.ts) and src/data/subscribers.ts writes it.
 */

/** E-mail, Web Push, and the chat group robots. */
export const CHANNELS = ["email", "push", "wecom", "dingtalk", "feishu", "slack"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHAT_CHANNELS = ["wecom", "dingtalk", "feishu", "slack"] as const satisfies readonly Channel[];
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/**
 * Push needs no confirmation: the browser's permission prompt is the consent,
 * and only that browser knows its endpoint. E-mail and chat robots are
 * confirmed by following a link sent to them (double opt-in), so nobody can
 * sign up someone else's address.
 */
export function needsConfirmation(channel: Channel): boolean {
  return channel !== "push";
}

/** A confirmation link works this long; an unconfirmed sign-up is deleted after it. */
export const CONFIRM_TTL_MS = 2 * DAY_MS;

/** At most one confirmation per address per this long, however often someone signs it up. */
export const CONFIRMATION_INTERVAL_MS = HOUR_MS;

/**
 * What a subscriber follows: chosen components and chosen incidents. Both null
 * means the whole service (every incident, maintenance and component of it).
 */
export interface Follows {
  componentIds: string[] | null;
  incidentIds: string[] | null;
}

export const WHOLE_SERVICE: Follows = { componentIds: null, incidentIds: null };

export function isWholeService(follows: Follows): boolean {
  return follows.componentIds === null && follows.incidentIds === null;
}

/** Sorted, without repeats; an empty list is null (nothing chosen of that kind). */
function normalizedList(ids: readonly string[] | null | undefined): string[] | null {
  if (!ids || ids.length === 0) return null;
  return [...new Set(ids)].sort();
}

/** Follows as stored: lists sorted and without repeats, empty lists as null. */
export function normalizeFollows(follows: {
  componentIds?: readonly string[] | null;
  incidentIds?: readonly string[] | null;
}): Follows {
  return { componentIds: normalizedList(follows.componentIds), incidentIds: normalizedList(follows.incidentIds) };
}

/**
 * Signing up again widens what an address follows, never narrows it: the union
 * of both, and the whole service wins over any choice (narrowing is done on the
 * manage page, by whoever holds its link).
 */
export function widenFollows(stored: Follows, added: Follows): Follows {
  if (isWholeService(stored) || isWholeService(added)) return WHOLE_SERVICE;
  return normalizeFollows({
    componentIds: [...(stored.componentIds ?? []), ...(added.componentIds ?? [])],
    incidentIds: [...(stored.incidentIds ?? []), ...(added.incidentIds ?? [])],
  });
}

/** A subscriber is active once confirmed (push at sign-up), pending until then. */
export type SubscriptionStatus = "pending" | "active";
