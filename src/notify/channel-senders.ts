import type { SubscriberRow } from "../data/subscribers";
import type { Database } from "../db/client";
import { webhookUrlPolicy } from "../domain/webhook-url";
import type { Env } from "../env";
import { isLocale, type Locale } from "../i18n/locale";
import {
  type Channel,
  ChannelError,
  type ChannelSender,
  type ConfirmationAbout,
  type ConfirmationSender,
  type Fetcher,
} from "./channels";
import { type ChatPlatform, ChatSendError, chatRequest, sendChat } from "./chat";
import { confirmationEmail, noticeEmail, type OutgoingEmail } from "./email/message";
import { EmailSendError, emailSenderFor } from "./email/senders";
import { pushPayloadOf } from "./push/payload";
import { PushSendError, sendPush } from "./push/send";
import { vapidConfigOf } from "./push/vapid";

/**
 * Each channel's sender, wired to the channel modules (src/notify/email, push,
 * chat) as this deployment is configured. Every failure leaves as a
 * ChannelError with a short reason safe to store: never the address, a robot's
 * URL or a server's own words.
 */

const localeOf = (subscriber: SubscriberRow): Locale => (isLocale(subscriber.locale) ? subscriber.locale : "zh-CN");

/** The configured e-mail sender, or a permanent failure when its settings are wrong (never a silent fallback). */
function emailSender(env: Env, db: Database) {
  try {
    return emailSenderFor(env, db).sender;
  } catch (error) {
    throw new ChannelError("email_misconfigured", { permanent: true, cause: error });
  }
}

async function sendEmail(env: Env, db: Database, subscriber: SubscriberRow, email: OutgoingEmail): Promise<void> {
  try {
    await emailSender(env, db).send(email, { subscriberId: subscriber.id });
  } catch (error) {
    if (error instanceof ChannelError) throw error;
    const permanent = error instanceof EmailSendError && error.permanent;
    throw new ChannelError(permanent ? "email_refused" : "email_failed", { permanent, cause: error });
  }
}

const emailNotice =
  (env: Env, db: Database): ChannelSender =>
  async (subscriber, notice, links) => {
    const email = noticeEmail({
      to: subscriber.address,
      notice,
      locale: localeOf(subscriber),
      manageUrl: links.manageUrl,
      unsubscribeUrl: links.unsubscribeUrl,
      timeZone: env.TIME_ZONE,
    });
    await sendEmail(env, db, subscriber, email);
    return "sent";
  };

const pushNotice =
  (env: Env): ChannelSender =>
  async (subscriber, notice) => {
    let vapid: ReturnType<typeof vapidConfigOf>;
    try {
      vapid = vapidConfigOf(env);
    } catch (error) {
      throw new ChannelError("push_misconfigured", { permanent: true, cause: error });
    }
    if (!vapid) throw new ChannelError("push_not_configured", { permanent: true });
    const keys = subscriber.keys ?? {};
    if (!keys.p256dh || !keys.auth) return "gone";
    try {
      return await sendPush(
        { endpoint: subscriber.address, keys: { p256dh: keys.p256dh, auth: keys.auth } },
        pushPayloadOf(notice, localeOf(subscriber)),
        vapid,
        { endpointPolicy: webhookUrlPolicy(env) },
      );
    } catch (error) {
      // 413 and 400 will not change on a retry (RFC 8030 §5): the message or subscription is at fault.
      if (error instanceof PushSendError)
        throw new ChannelError(`HTTP ${error.status}`, { permanent: [400, 413].includes(error.status), cause: error });
      throw error;
    }
  };

async function sendToRobot(
  env: Env,
  fetcher: Fetcher,
  platform: ChatPlatform,
  subscriber: SubscriberRow,
  content: Parameters<typeof chatRequest>[1],
): Promise<"sent" | "gone"> {
  const robot = { platform, url: subscriber.address, secret: subscriber.keys?.secret ?? null };
  try {
    const request = await chatRequest(robot, content, Date.now(), webhookUrlPolicy(env));
    return await sendChat(request, fetcher);
  } catch (error) {
    if (error instanceof ChatSendError)
      throw new ChannelError(error.reason, { permanent: error.reason === "invalid URL", cause: error });
    throw error;
  }
}

const chatNotice =
  (env: Env, fetcher: Fetcher, platform: ChatPlatform): ChannelSender =>
  (subscriber, notice) =>
    sendToRobot(env, fetcher, platform, subscriber, { notice, locale: localeOf(subscriber) });

/** The sender of every channel, as this deployment is configured. */
export function channelSendersFor(env: Env, db: Database, fetcher: Fetcher): Record<Channel, ChannelSender> {
  return {
    email: emailNotice(env, db),
    push: pushNotice(env),
    wecom: chatNotice(env, fetcher, "wecom"),
    dingtalk: chatNotice(env, fetcher, "dingtalk"),
    feishu: chatNotice(env, fetcher, "feishu"),
    slack: chatNotice(env, fetcher, "slack"),
  };
}

/**
 * The double opt-in message of the channels that confirm: e-mail (through the
 * same sender as notices) and chat robots (a message to the group asking a
 * member to follow the link). Push is confirmed by the browser's permission.
 */
export function confirmationSendersOf(
  env: Env,
  db: Database,
  fetcher: Fetcher,
): Partial<Record<Channel, ConfirmationSender>> {
  const email: ConfirmationSender = {
    async send(subscriber, confirmUrl, expiresAt, about) {
      const message = confirmationEmail({
        to: subscriber.address,
        locale: about.locale,
        serviceName: about.serviceName,
        follows: about.follows,
        confirmUrl,
        expiresAt,
        timeZone: env.TIME_ZONE ?? "Asia/Shanghai",
      });
      await sendEmail(env, db, subscriber, message);
    },
  };
  const robot = (platform: ChatPlatform): ConfirmationSender => ({
    async send(subscriber, confirmUrl, _expiresAt, about: ConfirmationAbout) {
      const { locale, serviceName, follows } = about;
      await sendToRobot(env, fetcher, platform, subscriber, {
        confirmation: { locale, serviceName, follows, confirmUrl },
      });
    },
  });
  return {
    email,
    wecom: robot("wecom"),
    dingtalk: robot("dingtalk"),
    feishu: robot("feishu"),
    slack: robot("slack"),
  };
}
