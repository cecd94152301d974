import type { Database } from "../db/client";
import type { Channel } from "../domain/subscriptions";
import type { Env } from "../env";
import { confirmationSendersOf } from "./channel-senders";
import type { ConfirmationSender } from "./channels";

export type { ConfirmationSender } from "./channels";

/** No sender for this channel is part of this build. */
export class ChannelNotWiredError extends Error {
  constructor(readonly channel: string) {
    super(`channel not wired: ${channel}`);
    this.name = "ChannelNotWiredError";
  }
}

/** One sender per channel; a channel without one throws ChannelNotWiredError. */
export function senderByChannel(senders: Partial<Record<Channel, ConfirmationSender>>): ConfirmationSender {
  return {
    send(subscriber, confirmUrl, expiresAt, about) {
      const sender = senders[subscriber.channel as Channel];
      if (!sender) return Promise.reject(new ChannelNotWiredError(subscriber.channel));
      return sender.send(subscriber, confirmUrl, expiresAt, about);
    },
  };
}

/**
 * The confirmation sender of a deployment, made per request from its bindings
 * (src/notify/channel-senders.ts): e-mail (the send_email binding, SMTP, else
 * the D1 outbox) and the chat robots (WeCom, DingTalk, Feishu, Slack). Push
 * needs none: it is confirmed at sign-up.
 * It is a property of an exported object so that tests can replace it
 * (`vi.spyOn(confirmationSenders, "for")`) without a test-only path in the app.
 */
export const confirmationSenders = {
  for(env: Env, db: Database): ConfirmationSender {
    return senderByChannel(confirmationSendersOf(env, db, (request) => fetch(request)));
  },
};

/** The sender the sign-up routes use. */
export function confirmationSenderFor(env: Env, db: Database): ConfirmationSender {
  return confirmationSenders.for(env, db);
}
