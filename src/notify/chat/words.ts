import type { Locale } from "../../i18n/locale";

/** The few fixed words of chat messages, per language (the notice brings its own text). */
export interface ChatWords {
  /** Label before the status word, with its punctuation. */
  status: string;
  details: string;
  /** The footer line under a notice: which page it comes from. */
  from: (service: string) => string;
  confirmTitle: (serviceName: string) => string;
  /** Why a stranger's robot gets one message and what the group can do about it. */
  confirmBody: (serviceName: string, follows: string) => string;
  confirmLink: string;
}

const zh: ChatWords = {
  status: "状态：",
  details: "查看详情",
  from: (service) => `${service} · 状态通知`,
  confirmTitle: (serviceName) => `${serviceName}：请确认是否订阅状态通知`,
  confirmBody: (serviceName, follows) =>
    `有人请求让本群通过这个机器人接收 ${serviceName} 上「${follows}」的状态通知。` +
    "请群内成员打开下面的链接确认；确认之前本群不会再收到任何消息。" +
    "如果这不是你们想要的，忽略这条消息即可。",
  confirmLink: "确认订阅",
};

const en: ChatWords = {
  status: "Status: ",
  details: "View details",
  from: (service) => `${service} · status update`,
  confirmTitle: (serviceName) => `${serviceName}: please confirm status updates`,
  confirmBody: (serviceName, follows) =>
    `Someone asked for this group to receive status updates about “${follows}” from ${serviceName} through this robot. ` +
    "A member of the group can confirm with the link below; until then nothing more is sent here. " +
    "If this group does not want them, ignore this message.",
  confirmLink: "Confirm updates",
};

export const CHAT_WORDS: Record<Locale, ChatWords> = { "zh-CN": zh, en };
