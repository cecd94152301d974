import type { Locale } from "../../i18n/locale";
import type { Notice } from "../notice";
import { cleanText, oneLine, safeHref } from "./text";
import { CHAT_WORDS } from "./words";

export const CHAT_PLATFORMS = ["wecom", "dingtalk", "feishu", "slack"] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** A robot as stored: its platform, its webhook URL, and its signing secret if it has one. */
export interface ChatRobot {
  platform: ChatPlatform;
  url: string;
  secret?: string | null;
}

/**
 * The robot's first message to a group: a robot's address can be handed in by any
 * member of the public, so nothing else is sent to it until someone in that group
 * follows `confirmUrl`.
 */
export interface ChatConfirmation {
  locale: Locale;
  serviceName: string;
  /** What the subscription follows, in words: the service, or the components chosen. */
  follows: string;
  confirmUrl: string;
}

export type ChatContent = { notice: Notice; locale: Locale } | { confirmation: ChatConfirmation };

/** Colours and signs follow the notice's level; a confirmation request has its own. */
export type ChatLevel = Notice["level"] | "confirm";

/**
 * What every platform renders, already in one language and cleaned, but not yet
 * escaped: each platform escapes and cuts it for its own format.
 */
export interface ChatMessage {
  level: ChatLevel;
  /** One line. */
  title: string;
  /** The status word and its label, when there is one. */
  status: { label: string; word: string } | null;
  /** Plain paragraphs separated by "\n". */
  body: string;
  /** A safe http(s) link and its words; null when the given URL was not http(s). */
  link: { href: string; label: string } | null;
  /** One line under the message: where it comes from. */
  footer: string;
}

/** A sign per level, for platforms without colours (DingTalk, Slack) and for previews. */
export const LEVEL_SIGN: Record<ChatLevel, string> = {
  critical: "🔴",
  major: "🟠",
  minor: "🟡",
  info: "🔵",
  maintenance: "🛠️",
  resolved: "✅",
  confirm: "✉️",
};

export function chatMessage(content: ChatContent): ChatMessage {
  if ("notice" in content) {
    const { notice, locale } = content;
    const words = CHAT_WORDS[locale];
    const text = notice.text[locale];
    const href = safeHref(notice.url);
    const status = oneLine(text.status);
    return {
      level: notice.level,
      title: oneLine(text.title),
      status: status ? { label: words.status, word: status } : null,
      body: cleanText(text.body),
      link: href ? { href, label: words.details } : null,
      footer: oneLine(words.from(text.service)),
    };
  }
  const { locale, serviceName, follows, confirmUrl } = content.confirmation;
  const words = CHAT_WORDS[locale];
  const href = safeHref(confirmUrl);
  return {
    level: "confirm",
    title: oneLine(words.confirmTitle(oneLine(serviceName))),
    status: null,
    body: cleanText(words.confirmBody(oneLine(serviceName), oneLine(follows))),
    link: href ? { href, label: words.confirmLink } : null,
    footer: oneLine(serviceName),
  };
}
