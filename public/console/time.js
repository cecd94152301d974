// Times in the console are the selected service's wall-clock times, never the
// browser's: an operator in another zone must see and type what the status
// page shows. Intl alone (no library): an instant's wall time in a zone comes
// from formatToParts, and a wall time's instant is found by trying the zone's
// offsets around it.

const formats = new Map();

function formatter(zone) {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at instant `ms`, as numbers. */
export function wallParts(ms, zone) {
  const out = {};
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return out;
}

/** Minutes `zone` is ahead of UTC at instant `ms` (480 for Asia/Shanghai). */
export function offsetMinutes(zone, ms) {
  const p = wallParts(ms, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

function hhmm(minutes) {
  const abs = Math.abs(minutes);
  return `${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "UTC+8", "UTC+5:30", "UTC-3", "UTC+0". */
export function offsetText(minutes) {
  const abs = Math.abs(minutes);
  const sign = minutes < 0 ? "-" : "+";
  return `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ""}`;
}

/** "Asia/Shanghai (UTC+8)": the zone and its offset at `ms` (now by default; summer and winter differ). */
export function zoneLabel(zone, ms = Date.now()) {
  return `${zone} (${offsetText(offsetMinutes(zone, ms))})`;
}

/** A datetime-local value, "2026-12-04T01:00", for instant `ms` in `zone`. */
export function wallInput(ms, zone) {
  const p = wallParts(ms, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2026-12-04 01:00 (Asia/Shanghai, UTC+8)": an instant as the console shows it, its zone and offset named. */
export function formatTime(value, zone) {
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (value === null || value === undefined || Number.isNaN(ms)) return "";
  return `${wallInput(ms, zone).replace("T", " ")} (${zone}, ${offsetText(offsetMinutes(zone, ms))})`;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a wall time in `zone` names, or null when there is none (not a
 * datetime-local value, or a time the clocks skip when they go forward).
 * When the clocks go back a wall time happens twice: the earlier is taken.
 */
export function wallToInstant(value, zone) {
  const match = WALL.exec(String(value));
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const wanted = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}`;
  // A zone changes its offset at most once in a day: the offsets a day either side cover both.
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((delta) => offsetMinutes(zone, asUtc + delta)));
  const candidates = [...offsets]
    .map((offset) => asUtc - offset * 60_000)
    .filter((ms) => wallInput(ms, zone) === wanted)
    .sort((a, b) => a - b);
  return candidates.length ? candidates[0] : null;
}

/** The wall time as ISO 8601 with the zone's offset then, "2026-12-04T01:00:00+08:00", or null (see wallToInstant). */
export function wallToIso(value, zone) {
  const ms = wallToInstant(value, zone);
  if (ms === null) return null;
  const offset = offsetMinutes(zone, ms);
  return `${wallInput(ms, zone)}:00${offset < 0 ? "-" : "+"}${hhmm(offset)}`;
}
