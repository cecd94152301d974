import type { Context } from "hono";
import { serviceConfig } from "../config/service";
import type { AppEnv } from "../env";
import { type Locale, pickLocale } from "../i18n/locale";
import type { PageContext } from "./statuspage";

/** The configured default language, then `?lang=`, then Accept-Language. */
export function requestLocale(c: Context<AppEnv>): Locale {
  return pickLocale(
    c.req.query("lang"),
    c.req.header("accept-language"),
    c.env.DEFAULT_LOCALE === "en" ? "en" : "zh-CN",
  );
}

/** The public base URL (PUBLIC_URL, else the request's origin), without a trailing slash. */
export function baseUrl(c: Context<AppEnv>): string {
  return (c.env.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, "");
}

export function pageContext(c: Context<AppEnv>, locale: Locale = requestLocale(c)): PageContext {
  const config = serviceConfig(c.env);
  return { id: config.id, name: config.pageTitle[locale], url: baseUrl(c), timeZone: config.timeZone, locale };
}
