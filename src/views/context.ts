import type { Context } from "hono";
import { type ServiceConfig, serviceConfig } from "../config/service";
import type { AppEnv } from "../env";
import { type Locale, pickLocale } from "../i18n/locale";
import { type Messages, messages } from "../i18n/messages";

/** What every view needs to render one request: language, texts, service and clock. */
export interface PageContext {
  locale: Locale;
  t: Messages;
  config: ServiceConfig;
  /** The explicit `?lang=` of the request, carried on internal links so a chosen language sticks. */
  lang: Locale | null;
  /** The request path, for the language switch. */
  path: string;
  nowMs: number;
}

export function pageContext(c: Context<AppEnv>): PageContext {
  const fallback: Locale = c.env.DEFAULT_LOCALE === "en" ? "en" : "zh-CN";
  const param = c.req.query("lang");
  const locale = pickLocale(param, c.req.header("accept-language"), fallback);
  return {
    locale,
    t: messages(locale),
    config: serviceConfig(c.env),
    // pickLocale honours a supported ?lang= first, so a supported one is exactly `locale`.
    lang: param && /^\s*(zh|en)/i.test(param) ? locale : null,
    path: c.req.path,
    nowMs: Date.now(),
  };
}

/** An internal link that keeps the chosen language. */
export function href(
  ctx: Pick<PageContext, "lang">,
  path: string,
  query: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  if (ctx.lang) params.set("lang", ctx.lang);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
