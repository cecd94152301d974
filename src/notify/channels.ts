import type { SubscriberRow } from "../data/subscribers";
import type { Locale } from "../i18n/locale";
import type { Notice } from "./notice";

export { CHANNELS, type Channel } from "../domain/subscriptions";

/** The subscriber's own links, put into every message (RFC 8058 one-click unsubscribe for e-mail). */
export interface NoticeLinks {
  manageUrl: string;
  unsubscribeUrl: string;
}

/**
 * Sends one notice to one subscriber in the channel's own format: "sent", or
 * "gone" when the channel says the address no longer exists (a push service's
 * 404 or 410, RFC 8030 §7.3): the subscriber is then deleted. Anything else
 * throws; a ChannelError says why in words safe to store and show.
 */
export type ChannelSender = (subscriber: SubscriberRow, notice: Notice, links: NoticeLinks) => Promise<"sent" | "gone">;

export type Fetcher = (request: Request) => Promise<Response>;

/**
 * A failed send. `reason` is stored on the notification and shown in the
 * console, so it never holds an address, a robot's URL or a server's own
 * words: "HTTP 500", "timeout", "smtp_550". A permanent failure (nothing is
 * configured to send with, the channel refused the message for good) is not
 * retried: the notification becomes a dead letter at once.
 */
export class ChannelError extends Error {
  readonly permanent: boolean;

  constructor(
    readonly reason: string,
    options: { permanent?: boolean; cause?: unknown } = {},
  ) {
    super(reason, { cause: options.cause });
    this.name = "ChannelError";
    this.permanent = options.permanent ?? false;
  }
}

const SAFE_REASON = /^[A-Za-z0-9_ .-]{1,60}$/;

/** What is stored of a failure: a ChannelError's reason when it is short and plain, else a general word. */
export function failureReason(error: unknown): string {
  if (error instanceof ChannelError && SAFE_REASON.test(error.reason)) return error.reason;
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  return name === "TimeoutError" || name === "AbortError" ? "timeout" : "send_failed";
}

export const isPermanent = (error: unknown): boolean => error instanceof ChannelError && error.permanent;

/** What a confirmation says was asked for: the service's name and what the subscriber follows, in their language. */
export interface ConfirmationAbout {
  locale: Locale;
  serviceName: string;
  follows: string;
}

/**
 * Sends the double opt-in confirmation of a new e-mail address or chat robot:
 * one message in the subscriber's language (`subscriber.locale`) with
 * `confirmUrl` and when it stops working (`expiresAt`, epoch ms). Called after
 * the sign-up is stored, outside the response (waitUntil); a failure is
 * logged without the address and the sign-up stays pending until it expires.
 */
export interface ConfirmationSender {
  send(subscriber: SubscriberRow, confirmUrl: string, expiresAt: number, about: ConfirmationAbout): Promise<void>;
}
