import type { Locale } from "./locale";

/** The words of subscription e-mails (issue 17): the double opt-in confirmation and every notice. */
export interface EmailWords {
  confirmSubject: (service: string) => string;
  /** "Someone (we hope you) asked for … about: {follows}." */
  confirmAsked: (service: string, follows: string) => string;
  confirmAction: string;
  confirmButton: string;
  confirmExpires: (when: string) => string;
  confirmNothingElse: string;
  confirmNotYou: string;
  status: string;
  time: string;
  details: string;
  /** Why this message came, above the manage and unsubscribe links. */
  noticeWhy: (service: string) => string;
  manage: string;
  unsubscribe: string;
}

const zh: EmailWords = {
  confirmSubject: (service) => `请确认订阅${service}状态通知`,
  confirmAsked: (service, follows) => `有人（希望是你）用这个邮箱地址订阅了${service}的状态通知，关注：${follows}。`,
  confirmAction: "如果是你本人，请打开下面的链接确认订阅：",
  confirmButton: "确认订阅",
  confirmExpires: (when) => `链接在 ${when} 前有效。`,
  confirmNothingElse: "在你确认之前，我们不会再给这个地址发送任何邮件。",
  confirmNotYou: "如果不是你本人申请的，忽略这封邮件即可：不确认就不会订阅。",
  status: "状态",
  time: "时间",
  details: "查看详情",
  noticeWhy: (service) => `你收到这封邮件，是因为你订阅了${service}的状态通知。`,
  manage: "管理订阅",
  unsubscribe: "退订",
};

const en: EmailWords = {
  confirmSubject: (service) => `Confirm your subscription to ${service} status updates`,
  confirmAsked: (service, follows) =>
    `Someone (we hope it was you) subscribed this e-mail address to ${service} status updates about: ${follows}.`,
  confirmAction: "If it was you, open this link to confirm:",
  confirmButton: "Confirm subscription",
  confirmExpires: (when) => `The link works until ${when}.`,
  confirmNothingElse: "Until you confirm, nothing else will be sent to this address.",
  confirmNotYou:
    "If you did not ask for this, just ignore this message: without confirmation there is no subscription.",
  status: "Status",
  time: "Time",
  details: "View details",
  noticeWhy: (service) => `You are receiving this because you subscribed to ${service} status updates.`,
  manage: "Manage your subscription",
  unsubscribe: "Unsubscribe",
};

export function emailWords(locale: Locale): EmailWords {
  return locale === "en" ? en : zh;
}
