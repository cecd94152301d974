import type { Locale } from "../i18n/locale";
import { type Messages, messages } from "../i18n/messages";
import type { ServiceConfig } from "./types";

/**
 * What every view and serializer needs to render for one reader: the
 * service, the language and its texts, the page's public address and the
 * clock. Requests get theirs from the request context (src/http/context.ts);
 * webhooks build one for the configured default language.
 */
export interface PageContext {
  config: ServiceConfig;
  /** Where the service's pages live: "" at the root, `/s/{id}` otherwise (internal links start with it). */
  base: string;
  locale: Locale;
  t: Messages;
  /** The explicit `?lang=` of the request, carried on internal links so a chosen language sticks. */
  lang: Locale | null;
  /** The request path, for the language switch. */
  path: string;
  /** The public base URL (PUBLIC_URL, else the request's origin), without a trailing slash. */
  url: string;
  nowMs: number;
}

export function pageContext(fields: Omit<PageContext, "t">): PageContext {
  return { ...fields, t: messages(fields.locale) };
}

/** The configured default language (DEFAULT_LOCALE), zh-CN unless it says `en`. */
export function defaultLocale(configured: string | undefined): Locale {
  return configured === "en" ? "en" : "zh-CN";
}

/** A base URL without its trailing slashes. */
export function publicBaseUrl(configured: string | undefined, origin: string): string {
  return (configured ?? origin).replace(/\/+$/, "");
}

/** The public address of a service's pages: the reader's own base for its service, `/s/{id}` for another. */
export function serviceUrl(ctx: PageContext, serviceId: string): string {
  return `${ctx.url}${serviceId === ctx.config.id ? ctx.base : `/s/${serviceId}`}`;
}
