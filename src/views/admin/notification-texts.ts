import type { Locale } from "../../i18n/locale";

/**
 * The console's words for subscriber notifications (NotificationsCard and
 * public/console/notifications.js), kept beside the other sections' (texts.ts).
 */
const zh = {
  page: {
    notifications: "订阅通知",
    notificationsHint:
      "多次尝试仍未送达的通知（死信）：可在修复渠道配置后重试。这里只显示订阅者的 ID 和渠道，不显示地址。",
    deadLetters: "未送达的通知",
    outbox: "发件箱",
    outboxHint: "没有配置发信方式（send_email 绑定或 SMTP）时，邮件保存在这里，可手动发送。",
  },
  client: {
    deadLetter: "{key} · {channel} · 订阅者 {subscriber} · {attempts} 次尝试 · {time}",
    retry: "重试",
    retried: "已重新排队。",
    outboxMail: "致 {to} · {time}",
    showText: "正文",
  },
};

export type NotificationTexts = typeof zh;

const en: NotificationTexts = {
  page: {
    notifications: "Subscriber notifications",
    notificationsHint:
      "Notifications still not delivered after their last attempt (dead letters): retry them once the channel is fixed. Subscribers show by id and channel, never by address.",
    deadLetters: "Not delivered",
    outbox: "Outbox",
    outboxHint: "Without a mail sender (the send_email binding or SMTP) e-mail is kept here, to send by hand.",
  },
  client: {
    deadLetter: "{key} · {channel} · subscriber {subscriber} · {attempts} attempts · {time}",
    retry: "Retry",
    retried: "Queued again.",
    outboxMail: "to {to} · {time}",
    showText: "Text",
  },
};

export const NOTIFICATION_TEXTS: Record<Locale, NotificationTexts> = { "zh-CN": zh, en };
