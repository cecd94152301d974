import { findIncident } from "../data/incidents";
import {
  confirmSubscriber,
  deleteSubscriber,
  findSubscriber,
  type SubscriberRow,
  signUp,
  updateFollows,
} from "../data/subscribers";
import type { Database } from "../db/client";
import { invalid } from "../domain/errors";
import { isPublic } from "../domain/incidents";
import { type Channel, type Follows, needsConfirmation, type SubscriptionStatus } from "../domain/subscriptions";
import { webhookUrlPolicy } from "../domain/webhook-url";
import type { Env } from "../env";
import type { Locale } from "../i18n/locale";
import { checkContact } from "../notify/channel-inputs";
import { confirmationLink } from "../notify/links";
import { confirmLinkExpiresAt, linkSecret, readConfirmToken, verifyManageToken } from "../notify/tokens";
import type { StatusSnapshot } from "../read-model";
import type { SubscriptionInput } from "../schemas/subscription";
import { enforceReportRateLimit } from "./rate-limit";
import { reporterIdentity } from "./reporter";

export interface SubscriptionDeps {
  db: Database;
  env: Pick<Env, "FINGERPRINT_SECRET" | "REPORT_RATE_LIMITER" | "REPORT_RATE_LIMIT" | "WEBHOOK_ALLOW_HTTP_LOCALHOST">;
  now: number;
  /** The request's service: components and incidents of another service are refused. */
  snapshot: StatusSnapshot;
}

export interface SignedUp {
  subscriber: SubscriberRow;
  /** What this sign-up asked for (not what the address followed before: that is not told). */
  requested: Follows;
  /** The same for a new and a known address: `active` for push, `pending` for the rest. */
  status: SubscriptionStatus;
  /** The confirmation to send now, or null (push, a confirmed address, or one sent within the hour). */
  confirmation: { url: string; expiresAt: number } | null;
}

/**
 * What a sign-up follows, each id checked against the request's service: a
 * component of another service, or an incident that is not this service's
 * public one, is a 400 naming the field.
 */
async function followsOf(deps: SubscriptionDeps, input: SubscriptionInput): Promise<Follows> {
  const components = input.components ?? [];
  components.forEach((id, index) => {
    if (!deps.snapshot.componentsById.has(id)) {
      const field = components.length > 1 ? `components.${index}` : "components";
      throw invalid("unknown_component", `${field}: ${deps.snapshot.service.id} has no component "${id}"`, field);
    }
  });
  if (input.incident !== undefined) {
    const incident = await findIncident(deps.db, input.incident);
    if (!incident || incident.serviceId !== deps.snapshot.service.id || !isPublic(incident)) {
      throw invalid(
        "unknown_incident",
        `incident: ${deps.snapshot.service.id} has no incident "${input.incident}"`,
        "incident",
      );
    }
  }
  return {
    componentIds: components.length > 0 ? components : null,
    incidentIds: input.incident !== undefined ? [input.incident] : null,
  };
}

/**
 * A sign-up from the API or the form: the contact fields checked for the
 * channel, the scope checked against the service, the same per-network rate
 * limit as reports (one allowance for both), then stored (widening an
 * earlier sign-up of the address). Returns the confirmation to send, if one
 * is due; the caller sends it after answering. Throws DomainErrors (invalid,
 * rate_limited, unavailable); nothing is stored then.
 */
export async function submitSignUp(
  deps: SubscriptionDeps,
  request: {
    input: SubscriptionInput;
    /** The request's language, when the sign-up names none. */
    locale: Locale;
    client: { ip: string; userAgent: string };
    /** The service's public root, for the confirmation link (src/notify/links.ts serviceBaseUrl). */
    base: string;
  },
): Promise<SignedUp> {
  const { db, env, now, snapshot } = deps;
  const { input } = request;
  const secret = linkSecret(env);
  const channel: Channel = input.channel;
  const contact = checkContact(
    channel,
    { address: input.address, push: input.push, secret: input.secret },
    webhookUrlPolicy(env),
  );
  if (!contact.ok) throw invalid("invalid_field", `${contact.field}: ${contact.message}`, contact.field);
  const requested = await followsOf(deps, input);
  const reporter = await reporterIdentity(db, env.FINGERPRINT_SECRET, request.client, now);
  await enforceReportRateLimit(env, db, reporter.network, now);
  const { subscriber, shouldSendConfirmation } = await signUp(
    db,
    {
      serviceId: snapshot.service.id,
      channel,
      address: contact.value.address,
      keys: contact.value.keys,
      locale: input.locale ?? request.locale,
      follows: requested,
    },
    now,
  );
  const confirmation =
    shouldSendConfirmation && subscriber.confirmationSentAt !== null
      ? {
          url: await confirmationLink(secret, request.base, subscriber),
          expiresAt: confirmLinkExpiresAt(subscriber.confirmationSentAt),
        }
      : null;
  return { subscriber, requested, status: needsConfirmation(channel) ? "pending" : "active", confirmation };
}

/**
 * What a confirmation link is worth now:
 * - `invalid`: not a link we made for this id (400);
 * - `expired`: genuine, but older than CONFIRM_TTL_MS, or its sign-up is gone
 *   (deleted after expiring, or unsubscribed) (410);
 * - `replaced`: genuine, but a newer confirmation was sent since (410);
 * - `confirmed`: the subscription is confirmed already (its manage page);
 * - `valid`: confirm it (a POST).
 */
export type ConfirmLink =
  | { state: "invalid" }
  | { state: "expired" }
  | { state: "replaced" }
  | { state: "confirmed"; subscriber: SubscriberRow }
  | { state: "valid"; subscriber: SubscriberRow };

export async function checkConfirmLink(
  deps: Pick<SubscriptionDeps, "db" | "env" | "now">,
  serviceId: string,
  link: { id: string; token: string },
): Promise<ConfirmLink> {
  const secret = linkSecret(deps.env);
  const sentAt = await readConfirmToken(secret, link.id, link.token);
  if (sentAt === null) return { state: "invalid" };
  const subscriber = await findSubscriber(deps.db, link.id);
  if (subscriber && subscriber.serviceId !== serviceId) return { state: "invalid" };
  if (subscriber?.confirmedAt != null) return { state: "confirmed", subscriber };
  if (!subscriber || deps.now >= confirmLinkExpiresAt(sentAt)) return { state: "expired" };
  if (subscriber.confirmationSentAt !== sentAt) return { state: "replaced" };
  return { state: "valid", subscriber };
}

/** Follows a confirmation link (a POST): the same checks, then the subscriber is confirmed. */
export async function confirmByLink(
  deps: Pick<SubscriptionDeps, "db" | "env" | "now">,
  serviceId: string,
  link: { id: string; token: string },
): Promise<ConfirmLink> {
  const checked = await checkConfirmLink(deps, serviceId, link);
  if (checked.state !== "valid") return checked;
  const subscriber = await confirmSubscriber(deps.db, link.id, deps.now);
  return subscriber ? { state: "confirmed", subscriber } : { state: "expired" };
}

/**
 * What a manage (or unsubscribe) link is worth: `invalid` (400) when the token
 * is not this id's, `gone` (410) when it is but the subscription no longer
 * exists, else the subscriber.
 */
export type ManageLink = { state: "invalid" } | { state: "gone" } | { state: "valid"; subscriber: SubscriberRow };

export async function checkManageLink(
  deps: Pick<SubscriptionDeps, "db" | "env">,
  /** The page's service (a subscription of another is not managed there); null: any. */
  serviceId: string | null,
  link: { id: string; token: string },
): Promise<ManageLink> {
  if (!(await verifyManageToken(linkSecret(deps.env), link.id, link.token))) return { state: "invalid" };
  const subscriber = await findSubscriber(deps.db, link.id);
  if (!subscriber) return { state: "gone" };
  if (serviceId !== null && subscriber.serviceId !== serviceId) return { state: "invalid" };
  return { state: "valid", subscriber };
}

/** The manage page's save: components checked against the service, the language. */
export async function saveFollows(
  deps: SubscriptionDeps,
  subscriber: SubscriberRow,
  change: { follows: Follows; locale?: Locale },
): Promise<SubscriberRow | undefined> {
  for (const id of change.follows.componentIds ?? []) {
    if (!deps.snapshot.componentsById.has(id)) {
      throw invalid("unknown_component", `${deps.snapshot.service.id} has no component "${id}"`, "components");
    }
  }
  // Incidents can only be let go of here, never added: keep those it followed.
  const followed = new Set(subscriber.incidentIds ?? []);
  const incidentIds = (change.follows.incidentIds ?? []).filter((id) => followed.has(id));
  return updateFollows(
    deps.db,
    subscriber.id,
    { follows: { componentIds: change.follows.componentIds, incidentIds }, locale: change.locale },
    deps.now,
  );
}

/**
 * Unsubscribes by link (RFC 8058 one-click or the manage page): a genuine
 * token deletes the subscription with everything about it, whichever
 * service's path it came to (the token alone proves it); asking again after
 * it is gone is answered the same (a mail provider may retry).
 */
export async function unsubscribeByLink(
  deps: Pick<SubscriptionDeps, "db" | "env">,
  link: { id: string; token: string },
): Promise<"unsubscribed" | "invalid"> {
  const checked = await checkManageLink(deps, null, link);
  if (checked.state === "invalid") return "invalid";
  if (checked.state === "valid") await deleteSubscriber(deps.db, checked.subscriber.id);
  return "unsubscribed";
}
