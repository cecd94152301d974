import type { Env } from "../env";
import type { Locale } from "../i18n/locale";
import { ChannelError } from "./channels";
import type { Notice } from "./notice";
import { confirmToken, linkSecret, manageToken } from "./tokens";

/**
 * The links a subscriber gets: confirm (in the confirmation only), manage and
 * unsubscribe (in every message; the unsubscribe link is also the e-mail's
 * `List-Unsubscribe` URL for RFC 8058 one-click). `base` is the service's
 * public root: PUBLIC_URL (or the request's origin) for the default service,
 * `…/s/{service}` for another (serviceBaseUrl).
 */
export const SUBSCRIPTION_PATHS = {
  confirm: "/subscriptions/confirm",
  manage: "/subscriptions/manage",
  unsubscribe: "/subscriptions/unsubscribe",
} as const;

/** The public root of a service's pages, without a trailing slash. */
export function serviceBaseUrl(publicUrl: string, serviceId: string, defaultServiceId: string): string {
  const root = publicUrl.replace(/\/+$/, "");
  return serviceId === defaultServiceId ? root : `${root}/s/${serviceId}`;
}

function link(base: string, path: string, id: string, token: string, lang?: Locale): string {
  const query = new URLSearchParams({ id, token });
  if (lang) query.set("lang", lang);
  return `${base.replace(/\/+$/, "")}${path}?${query}`;
}

/** The confirmation page (a GET shows a button; only its POST confirms, so link scanners confirm nothing). */
export function confirmUrl(base: string, id: string, token: string, lang?: Locale): string {
  return link(base, SUBSCRIPTION_PATHS.confirm, id, token, lang);
}

/** The manage page: what it follows, its language, unsubscribe. `token` is manageToken's. */
export function manageUrl(base: string, id: string, token: string, lang?: Locale): string {
  return link(base, SUBSCRIPTION_PATHS.manage, id, token, lang);
}

/**
 * Unsubscribe: a POST here deletes the subscription (RFC 8058 one-click from a
 * mail provider, or the manage page's button); a GET leads to the manage page.
 * `token` is manageToken's.
 */
export function unsubscribeUrl(base: string, id: string, token: string, lang?: Locale): string {
  return link(base, SUBSCRIPTION_PATHS.unsubscribe, id, token, lang);
}

export interface SubscriberLinks {
  manageUrl: string;
  unsubscribeUrl: string;
}

/** The manage and unsubscribe links of every message to one subscriber, in their language. */
export async function subscriberLinks(
  secret: string,
  base: string,
  subscriber: { id: string; locale: string },
): Promise<SubscriberLinks> {
  const token = await manageToken(secret, subscriber.id);
  const lang = subscriber.locale === "en" ? "en" : "zh-CN";
  return {
    manageUrl: manageUrl(base, subscriber.id, token, lang),
    unsubscribeUrl: unsubscribeUrl(base, subscriber.id, token, lang),
  };
}

/** The confirmation link for the confirmation just claimed (signUp set the row's confirmationSentAt). */
export async function confirmationLink(
  secret: string,
  base: string,
  subscriber: { id: string; locale: string; confirmationSentAt: number | null },
): Promise<string> {
  const lang = subscriber.locale === "en" ? "en" : "zh-CN";
  return confirmUrl(base, subscriber.id, await confirmToken(secret, subscriber), lang);
}

/** A subscriber's manage and one-click unsubscribe links for one notice (NotifyDeps.links). */
export type LinksFor = (subscriber: { id: string; locale: string }, notice: Notice) => Promise<SubscriberLinks>;

/**
 * The deployment's links: signed with the sign-up side's secret, off the
 * notice's service root. A root that is not absolute (no PUBLIC_URL and no
 * request behind the change, e.g. the cron) cannot make a working unsubscribe
 * link, and a message without one must not go out: that is a permanent failure.
 */
export function linksFor(env: Pick<Env, "FINGERPRINT_SECRET">): LinksFor {
  return async (subscriber, notice) => {
    if (!/^https?:\/\//.test(notice.serviceUrl)) throw new ChannelError("public_url_missing", { permanent: true });
    return subscriberLinks(linkSecret(env), notice.serviceUrl, subscriber);
  };
}
