/** Time arithmetic shared by the detector, the baseline and the replay. */

export const MINUTE_MS = 60_000;
export const SLOT_MINUTES = 15;
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES;
export const SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY;

/** 1970-01-01T00:00Z was a Thursday 08:00 in China; shifting by this puts slot 0 at Monday 00:00 Asia/Shanghai. */
const WEEK_ORIGIN_SHIFT_MINUTES = 3 * 24 * 60 + 8 * 60;
const MINUTES_PER_WEEK = 7 * 24 * 60;

export function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS);
}

/** Slot of the week (0 … 671) of an epoch minute: 15-minute slots from Monday 00:00 China time. */
export function slotOfWeek(minute: number): number {
  const m = (((minute + WEEK_ORIGIN_SHIFT_MINUTES) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  return Math.floor(m / SLOT_MINUTES);
}

/** True when the minute [m, m+1) overlaps the interval. */
export function minuteOverlaps(minute: number, from: number, to: number): boolean {
  return minute * MINUTE_MS < to && (minute + 1) * MINUTE_MS > from;
}
