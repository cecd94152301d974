import type { Locale } from "./locale";

/** Formatters for times and numbers as the page shows them, always in the page's time zone. */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, kind: "time" | "day" | "clock" | "month"): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "time"
        ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }
        : kind === "day"
          ? { month: "short", day: "numeric" }
          : kind === "clock"
            ? { hour: "2-digit", minute: "2-digit", hour12: false }
            : { year: "numeric", month: "long" };
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "11月3日 14:05" / "Nov 3, 14:05" */
export function shortTime(epochMs: number, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, "time").format(epochMs);
}

/** "11月3日" / "Nov 3" */
export function shortDay(epochMs: number, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, "day").format(epochMs);
}

/** "14:05" */
export function clock(epochMs: number, locale: Locale, timeZone: string): string {
  return formatter(locale, timeZone, "clock").format(epochMs);
}

/** Uptime as people read it: 100%, 99.95%, 97.2%. */
export function percent(value: number): string {
  if (value >= 100) return "100%";
  const fixed = value >= 99 ? value.toFixed(2) : value.toFixed(1);
  return `${fixed.replace(/\.?0+$/, "")}%`;
}

/** A name for the time zone people recognise: "UTC+8 (Asia/Shanghai)". */
export function zoneLabel(timeZone: string, atMs: number): string {
  const part = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(atMs)
    .find((p) => p.type === "timeZoneName");
  return `${(part?.value ?? "").replace("GMT", "UTC")} (${timeZone})`;
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
