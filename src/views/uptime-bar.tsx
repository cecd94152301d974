import type { ComponentDailyRow } from "../data/stats";
import type { PageContext } from "./context";
import { percent, shortDay } from "./format";

export interface UptimeDay {
  /** YYYY-MM-DD in the page's time zone. */
  day: string;
  /** Any moment of that day, for formatting. */
  atMs: number;
}

/** A day's colour class: worst status of the day; no class means no problems. */
function dayClass(row: ComponentDailyRow | undefined, incidents: number): string {
  if (!row) return incidents > 0 ? "m" : "n";
  switch (row.worstStatus) {
    case "major_outage":
      return "x";
    case "partial_outage":
      return "p";
    case "degraded_performance":
      return "m";
    case "under_maintenance":
      return "w";
    default:
      return row.downtimeMinutes > 0 ? "p" : incidents > 0 || row.degradedMinutes > 0 ? "m" : "";
  }
}

interface Props {
  ctx: PageContext;
  name: string;
  days: UptimeDay[];
  rows: Map<string, ComponentDailyRow> | undefined;
  incidentsByDay: Map<string, number> | undefined;
}

/**
 * 90 days of uptime, one bar per day, oldest first. Every day shows its date
 * and uptime on hover; days with problems are also focusable (and announced)
 * so keyboard users reach what matters without 90 tab stops per component.
 * Plain days carry ASCII-light text to keep the page small.
 */
export function UptimeBar({ ctx, name, days, rows, incidentsByDay }: Props) {
  const { t, locale } = ctx;
  const tz = ctx.config.timeZone;
  let sum = 0;
  let counted = 0;
  let badDays = 0;
  const items = days.map(({ day, atMs }) => {
    const row = rows?.get(day);
    const incidents = incidentsByDay?.get(day) ?? 0;
    const cls = dayClass(row, incidents);
    if (row) {
      sum += row.uptimePct;
      counted++;
    }
    const label = shortDay(atMs, locale, tz);
    if (cls === "n") return <li class="n" data-t={t.uptime.dayNoData(label)}></li>;
    const pct = percent(row?.uptimePct ?? 100);
    if (cls === "") return <li data-t={`${label} · ${pct}`}></li>;
    badDays++;
    return <li class={cls} tabindex={0} aria-label={t.uptime.day(label, pct, incidents)}></li>;
  });
  const overall = counted > 0 ? percent(sum / counted) : t.uptime.noData;
  return (
    <div class="uptime">
      <p class="sr">{t.uptime.summary(name, overall, badDays)}</p>
      <ol class="bar" aria-label={t.uptime.heading}>
        {items}
      </ol>
      <p class="bar-foot" aria-hidden="true">
        <span class="ago90">{t.uptime.ago}</span>
        <span class="ago30">{t.uptime.ago30}</span>
        <span>{counted > 0 ? t.uptime.percent(overall) : overall}</span>
        <span>{t.uptime.today}</span>
      </p>
    </div>
  );
}

export function UptimeLegend({ ctx }: { ctx: PageContext }) {
  const u = ctx.t.uptime;
  return (
    <ul class="legend" aria-label={u.legend}>
      <li>
        <i class="sw"></i>
        {u.legendOk}
      </li>
      <li>
        <i class="sw m"></i>
        {u.legendMinor}
      </li>
      <li>
        <i class="sw x"></i>
        {u.legendMajor}
      </li>
      <li>
        <i class="sw w"></i>
        {u.legendMaint}
      </li>
      <li>
        <i class="sw n"></i>
        {u.legendNone}
      </li>
    </ul>
  );
}
