export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** Text in every supported language. */
export type Localized = Record<Locale, string>;

function normalize(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("en")) return "en";
  return null;
}

/**
 * The page language: an explicit `?lang=` wins, then the best supported entry
 * of Accept-Language (by q-value), then the configured default.
 */
export function pickLocale(
  langParam: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale = DEFAULT_LOCALE,
): Locale {
  const explicit = langParam ? normalize(langParam) : null;
  if (explicit) return explicit;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(",")
      .map((part, order) => {
        const [tag = "", ...params] = part.split(";");
        const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
        return { tag, q: q ? Number(q.slice(2)) || 0 : 1, order };
      })
      .filter((entry) => entry.q > 0)
      .sort((a, b) => b.q - a.q || a.order - b.order);
    for (const { tag } of ranked) {
      const locale = normalize(tag);
      if (locale) return locale;
    }
  }
  return fallback;
}

export function isLocale(value: string | undefined): value is Locale {
  return value === "zh-CN" || value === "en";
}

/** A stored name in the reader's language (components and groups keep both). */
export function localName(locale: Locale, row: { nameZh: string; nameEn: string }): string {
  return locale === "en" ? row.nameEn : row.nameZh;
}
