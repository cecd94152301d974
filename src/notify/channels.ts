import type { SubscriberRow } from "../data/followers";
import type { Database } from "../db/client";
import type { Env } from "../env";
import type { Notice } from "./notice";

/** How a subscriber is reached (the `subscribers.channel` column): e-mail, Web Push, or a chat group's robot. */
export const CHANNELS = ["email", "push", "wecom", "dingtalk", "feishu", "slack"] as const;
export type Channel = (typeof CHANNELS)[number];

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

const notWired: ChannelSender = async () => {
  throw new ChannelError("channel_not_wired", { permanent: true });
};

/**
 * The sender of every channel, as this deployment is configured. The channel
 * modules plug in here, one line each: e-mail (src/notify/email/: the
 * send_email binding, SMTP, else the D1 outbox), Web Push (src/notify/push/)
 * and the chat robots (src/notify/chat/). Until one is wired its notices fail
 * with `channel_not_wired`, at once (a dead letter the console shows).
 */
export function channelSendersFor(_env: Env, _db: Database, _fetcher: Fetcher): Record<Channel, ChannelSender> {
  return {
    email: notWired,
    push: notWired,
    wecom: notWired,
    dingtalk: notWired,
    feishu: notWired,
    slack: notWired,
  };
}
