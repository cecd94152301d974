import type { Locale } from "../../i18n/locale";
import type { Notice } from "../notice";

/**
 * What the service worker (public/sw.js) gets in a push message and shows as a
 * notification. JSON, encrypted end to end: the push service never reads it.
 */
export interface PushPayload {
  /** One line, e.g. "花呗 · 线上支付：支付失败（已确认）". */
  title: string;
  /** The update, plain text, cut to fit a notification. */
  body: string;
  /** Where a click on the notification goes (the incident page in the subscriber's language). */
  url: string;
  /** Notifications with one tag replace each other: a later update of an incident replaces the earlier one. */
  tag: string;
  level: Notice["level"];
}

/** Notifications show a few lines; longer text is cut and the page has the rest. */
const MAX_TITLE = 120;
const MAX_BODY = 400;

function cut(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

/** The notice as one subscriber sees it, in their language. */
export function pushPayloadOf(notice: Notice, locale: Locale): PushPayload {
  const words = notice.text[locale];
  const url = new URL(notice.url);
  url.searchParams.set("lang", locale);
  return {
    title: cut(words.title, MAX_TITLE),
    body: cut(words.body, MAX_BODY),
    url: url.toString(),
    tag: `${notice.serviceId}:${notice.incidentId ?? notice.key}`,
    level: notice.level,
  };
}
