import { localDay } from "../lib/time";

const DAY_MS = 86_400_000;

/** Offset of `timeZone` from UTC at `epochMs`, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** [start, end) in epoch ms of the local calendar day `day` (YYYY-MM-DD) in `timeZone`. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const startOf = (utcMidnight: number) => {
    // Two passes settle the offset even when it changes on that day (DST zones).
    let start = utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
    start = utcMidnight - zoneOffsetMs(start, timeZone);
    return start;
  };
  const midnight = Date.UTC(y, m - 1, d);
  return { start: startOf(midnight), end: startOf(midnight + DAY_MS) };
}

/** The last `count` local days ending with the day of `nowMs`, oldest first. */
export function lastDays(nowMs: number, count: number, timeZone: string): string[] {
  const today = localDay(nowMs, timeZone);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) days.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  return days;
}
