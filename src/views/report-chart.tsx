import type { PageContext } from "../config/page";
import type { ReportStats } from "../data/stats";
import { clock } from "../i18n/format";

const W = 288;
const H = 100;

/** A round axis maximum at or above `value`. */
function niceMax(value: number): number {
  const v = Math.max(4, value);
  const step = 10 ** Math.floor(Math.log10(v));
  // Even multiples, so the middle grid line is a whole number of people.
  for (const m of [1, 2, 4, 6, 8, 10]) if (m * step >= v) return m * step;
  return 10 * step;
}

/**
 * The top edge of an area (or a line) through the points. Runs of equal height
 * collapse into one horizontal segment: most of a calm day is flat, and this
 * keeps the page small.
 */
function outline(values: number[], max: number): string {
  const n = values.length;
  const dx = W / n;
  const y = (v: number) => Math.round((H - (v / max) * H) * 10) / 10;
  let d = "";
  let lastY: number | null = null;
  for (let i = 0; i < n; i++) {
    const yi = y(values[i]!);
    const x = Math.round(i * dx * 10) / 10;
    if (lastY === null) d += `M${x},${yi}`;
    else if (yi !== lastY) d += `H${x}V${yi}`;
    lastY = yi;
  }
  return `${d}H${W}`;
}

function area(values: number[], max: number): string {
  return `${outline(values, max)}V${H}H0Z`;
}

/** Reports in the last 24 h against the usual level, as server-rendered SVG, with a text summary. */
export function ReportChart({ ctx, stats }: { ctx: PageContext; stats: ReportStats }) {
  const { t } = ctx;
  const b = stats.buckets;
  const tech = b.map((x) => x.technical);
  const acct = b.map((x) => x.technical + x.account);
  const all = b.map((x) => x.technical + x.account + x.other);
  const usual = b.map((x) => x.usual);
  let peakIndex = 0;
  all.forEach((v, i) => {
    if (v > all[peakIndex]!) peakIndex = i;
  });
  const max = niceMax(Math.max(...all, ...usual));
  const meanUsual = usual.reduce((s, v) => s + v, 0) / Math.max(1, usual.length);
  const summary = t.chart.summary(
    stats.total,
    all[peakIndex] ?? 0,
    clock(b[peakIndex]?.start ?? stats.from, ctx.locale, ctx.config.timeZone),
    meanUsual < 1 ? meanUsual.toFixed(1) : String(Math.round(meanUsual)),
  );
  return (
    <section class="card chart-card" aria-labelledby="chart-h">
      <h2 id="chart-h">{t.chart.heading}</h2>
      <p class="muted">{t.chart.explain}</p>
      <figure class="chart">
        <div class="chart-plot">
          <span class="y-max" aria-hidden="true">
            {max}
          </span>
          <span class="y-mid" aria-hidden="true">
            {max / 2}
          </span>
          <svg
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            role="img"
            aria-labelledby="chart-h chart-sum"
            focusable="false"
          >
            <title>{t.chart.heading}</title>
            <path class="grid" d={`M0,${H / 2}H${W}M0,0.5H${W}`} vector-effect="non-scaling-stroke" />
            <path class="a-other" d={area(all, max)} />
            <path class="a-account" d={area(acct, max)} />
            <path class="a-technical" d={area(tech, max)} />
            <path class="usual" d={outline(usual, max)} vector-effect="non-scaling-stroke" />
          </svg>
        </div>
        <p class="x-axis" aria-hidden="true">
          <span>{t.chart.axisHoursAgo(24)}</span>
          <span>{t.chart.axisHoursAgo(12)}</span>
          <span>{t.chart.axisNow}</span>
        </p>
        <figcaption id="chart-sum">{summary}</figcaption>
      </figure>
      <ul class="legend">
        <li>
          <i class="sw a-technical"></i>
          {t.chart.technical}
        </li>
        <li>
          <i class="sw a-account"></i>
          {t.chart.account}
        </li>
        <li>
          <i class="sw a-other"></i>
          {t.chart.other}
        </li>
        <li>
          <i class="sw usual"></i>
          {t.chart.usual}
        </li>
      </ul>
    </section>
  );
}

/** A short ranked list with proportional bars (SVG, so no inline styles are needed under the CSP). */
export function RankedList({
  items,
  empty,
}: {
  items: { label: string; value: number; text: string }[];
  empty: string;
}) {
  if (items.length === 0) return <p class="muted">{empty}</p>;
  const top = Math.max(...items.map((i) => i.value), 1);
  return (
    <ol class="ranked">
      {items.map((item) => (
        <li>
          <span class="r-label">{item.label}</span>
          <span class="r-value">{item.text}</span>
          <svg class="r-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect width={Math.max(1, Math.round((item.value / top) * 100))} height="4" rx="1" />
          </svg>
        </li>
      ))}
    </ol>
  );
}
