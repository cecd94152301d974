import type { PageContext } from "../config/page";
import type { UptimeDay } from "../data/uptime";
import { percent, shortDay } from "../i18n/format";

/** A day's colour class: worst status of the day; no class means no problems. */
function dayClass(row: UptimeDay): string {
  switch (row.worst_status) {
    case "major_outage":
      return "x";
    case "partial_outage":
      return "p";
    case "degraded_performance":
      return "m";
    case "under_maintenance":
      return "w";
    default:
      return row.downtime_minutes > 0 ? "p" : row.incidents.length > 0 || row.degraded_minutes > 0 ? "m" : "";
  }
}

/** "11月3日" / "Nov 3" for a calendar day (already in the page's time zone). */
function dayLabel(day: string, ctx: PageContext): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return shortDay(Date.UTC(y, m - 1, d, 12), ctx.locale, "UTC");
}

interface Props {
  ctx: PageContext;
  name: string;
  /** Oldest first, from src/data/uptime.ts (probes, incidents and maintenance folded in). */
  days: UptimeDay[];
  uptimePct: number;
}

/**
 * 90 days of uptime, one bar per day, oldest first. Every day shows its date
 * and uptime on hover; days with problems are also focusable (and announced)
 * so keyboard users reach what matters without 90 tab stops per component.
 * Plain days carry short text, and perfect days none (the stylesheet says
 * "100%, no problems" for them), to keep the page small.
 */
export function UptimeBar({ ctx, name, days, uptimePct }: Props) {
  const { t } = ctx;
  let badDays = 0;
  const items = days.map((row) => {
    const cls = dayClass(row);
    const label = dayLabel(row.day, ctx);
    const pct = percent(row.uptime_pct);
    // A perfect day says so through the stylesheet (one rule instead of 90 texts per component: the page's weight).
    if (cls === "" && row.uptime_pct >= 100) return <li></li>;
    if (cls === "") return <li data-t={`${label} · ${pct}`}></li>;
    badDays++;
    return (
      <li
        class={cls}
        tabindex={0}
        aria-label={t.uptime.day(label, pct, row.incidents.filter((i) => i.type === "incident").length)}
      ></li>
    );
  });
  const overall = days.length > 0 ? percent(uptimePct) : t.uptime.noData;
  return (
    <div class="uptime">
      <p class="sr">{t.uptime.summary(name, overall, badDays)}</p>
      <ol class="bar" aria-label={t.uptime.heading}>
        {items}
      </ol>
      <p class="bar-foot" aria-hidden="true">
        <span class="ago90">{t.uptime.ago}</span>
        <span class="ago30">{t.uptime.ago30}</span>
        <span>{days.length > 0 ? t.uptime.percent(overall) : overall}</span>
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
        <i class="sw p"></i>
        {u.legendPartial}
      </li>
      <li>
        <i class="sw x"></i>
        {u.legendMajor}
      </li>
      <li>
        <i class="sw w"></i>
        {u.legendMaint}
      </li>
    </ul>
  );
}
