export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function epochMinute(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS);
}

/** A moment as people read it on the page: in the page's time zone and language. */
export function formatDateTime(epochMs: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  }).format(new Date(epochMs));
}

// Making an Intl.DateTimeFormat costs a hundred times more than using one, and
// the daily rollups ask for the day of every probe check: one per time zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of the calendar day in `timeZone` (pages count days in Asia/Shanghai, not UTC). */
export function localDay(epochMs: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function toIso(epochMs: number | null | undefined): string | null {
  return epochMs == null ? null : new Date(epochMs).toISOString();
}
