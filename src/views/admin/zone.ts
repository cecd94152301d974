/**
 * "Asia/Shanghai (UTC+8)": a time zone as the console labels it, the same
 * words public/console/time.js writes once the page is running.
 */
export function consoleZoneLabel(timeZone: string, atMs: number): string {
  const name = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(atMs)
    .find((p) => p.type === "timeZoneName")?.value;
  const offset = !name || name === "GMT" ? "UTC+0" : name.replace("GMT", "UTC");
  return `${timeZone} (${offset})`;
}
