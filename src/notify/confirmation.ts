import type { SubscriberRow } from "../data/subscribers";
import type { Database } from "../db/client";
import type { Channel } from "../domain/subscriptions";
import type { Env } from "../env";
import type { ConfirmationAbout } from "../services/subscription-words";
import { confirmationSendersOf } from "./channel-senders";

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
