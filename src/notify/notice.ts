import type { Locale } from "../i18n/locale";

/**
 * One change worth telling subscribers about (an incident update, a maintenance
 * start or end, a detected episode opening or closing), already worded in every
 * language. Built once per event by the fan-out; every channel (e-mail, Web
 * Push, chat robots) formats it in its own way and never reads the database.
 */
export interface Notice {
  /** Stable key of the change, the same on every redelivery: (key, subscriber) is sent at most once. */
  key: string;
  serviceId: string;
  kind: "incident" | "maintenance" | "component";
  /** The incident or maintenance this is about, when there is one. */
  incidentId: string | null;
  /** Components it touches (a subscriber to chosen components gets it when one of theirs is here). */
  componentIds: string[];
  /** How bad, for colours and card templates: "resolved" once it is over. */
  level: "info" | "minor" | "major" | "critical" | "maintenance" | "resolved";
  /** Absolute link to the incident page (or the status page). */
  url: string;
  /** The service's public root (`…/s/{service}` for another than the default): manage and unsubscribe links hang off it. */
  serviceUrl: string;
  at: number;
  text: Record<Locale, NoticeText>;
}

export interface NoticeText {
  /** The service's name in this language, e.g. "花呗". */
  service: string;
  /** One line, e.g. "花呗 · 线上支付：支付失败（已确认）". */
  title: string;
  /** The update itself, plain text, a few sentences at most. */
  body: string;
  /** The status word, e.g. "已确认" / "Identified". */
  status: string;
}
