/**
 * Daily uptime math, pure. Days are local calendar days (the page's time
 * zone), because that is what a bar on the page means to its readers.
 *
 * Two sources make a component's day:
 * - probes: the share of failed checks, maintenance windows left out;
 * - declared incidents and maintenance: minutes spent in each status.
 * The day's uptime is the worse of the two, so the bars stay truthful with
 * no probe configured and when a probe misses what operators declared.
 */
import { worstStatus } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import { appendTo } from "../lib/multimap";
import { localDay } from "../lib/time";
import { summarizeChecks } from "./stats";

const MINUTE_MS = 60_000;
/** As in Statuspage: a minute of partial outage costs 30 % of a minute of uptime, degraded performance nothing. */
export const PARTIAL_OUTAGE_WEIGHT = 0.3;

export interface RawCheck {
  probeId: string;
  componentId: string;
  checkedAt: number;
  ok: boolean;
  degraded: boolean;
  latencyMs: number | null;
}

export interface ProbeDay {
  probeId: string;
  componentId: string;
  day: string;
  checks: number;
  failures: number;
  latencyP50: number | null;
  latencyP95: number | null;
}

export interface ComponentProbeDay {
  componentId: string;
  day: string;
  checks: number;
  failures: number;
  latencyP50: number | null;
  latencyP95: number | null;
  uptimePct: number;
  worstStatus: ComponentStatus;
  downtimeMinutes: number;
  degradedMinutes: number;
}

export interface TimeWindow {
  from: number;
  /** null while still open. */
  to: number | null;
}

/** Two decimals, rounded down so that a day with any downtime never reads 100 %. */
export function roundUptime(pct: number): number {
  return Math.max(0, Math.min(100, Math.floor(pct * 100 + 1e-9) / 100));
}

function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    appendTo(groups, k, item);
  }
  return groups;
}

/** Per probe and local day: checks, failures, latency p50/p95. */
export function rollupProbeDays(checks: readonly RawCheck[], timeZone: string): ProbeDay[] {
  const groups = groupBy(checks, (c) => `${c.probeId}\u0000${localDay(c.checkedAt, timeZone)}`);
  return [...groups.values()].map((list) => {
    const first = list[0]!;
    const { checks: count, failures, latencyP50, latencyP95 } = summarizeChecks(list);
    return {
      probeId: first.probeId,
      componentId: first.componentId,
      day: localDay(first.checkedAt, timeZone),
      checks: count,
      failures,
      latencyP50,
      latencyP95,
    };
  });
}

/** The status a day's probe results suggest: any failure at all shows, a quarter of checks failing is a major outage. */
export function probeStatus(failureRatio: number, degradedRatio: number): ComponentStatus {
  if (failureRatio >= 0.25) return "major_outage";
  if (failureRatio >= 0.01) return "partial_outage";
  if (failureRatio > 0 || degradedRatio >= 0.1) return "degraded_performance";
  return "operational";
}

/**
 * Per component and local day, from all its probes' checks. Checks inside a
 * maintenance window of the component are left out: planned downtime is not
 * an outage. Minutes are estimated from the share of failing checks over the
 * part of the day observed so far (up to `nowMs` for today).
 */
export function rollupComponentDays(
  checks: readonly RawCheck[],
  maintenance: ReadonlyMap<string, readonly TimeWindow[]>,
  timeZone: string,
  nowMs: number,
  dayLength: (day: string) => { start: number; end: number },
): ComponentProbeDay[] {
  const counted = checks.filter(
    (c) =>
      !(maintenance.get(c.componentId) ?? []).some((w) => c.checkedAt >= w.from && c.checkedAt < (w.to ?? Infinity)),
  );
  const groups = groupBy(counted, (c) => `${c.componentId}\u0000${localDay(c.checkedAt, timeZone)}`);
  return [...groups.values()].map((list) => {
    const first = list[0]!;
    const day = localDay(first.checkedAt, timeZone);
    const summary = summarizeChecks(list);
    const { start, end } = dayLength(day);
    const observedMinutes = Math.max(0, (Math.min(end, nowMs) - start) / MINUTE_MS);
    const failureRatio = summary.failures / summary.checks;
    const degradedRatio = summary.degraded / summary.checks;
    return {
      componentId: first.componentId,
      day,
      checks: summary.checks,
      failures: summary.failures,
      latencyP50: summary.latencyP50,
      latencyP95: summary.latencyP95,
      uptimePct: roundUptime(100 * (1 - failureRatio)),
      worstStatus: probeStatus(failureRatio, degradedRatio),
      downtimeMinutes: Math.round(failureRatio * observedMinutes),
      degradedMinutes: Math.round(degradedRatio * observedMinutes),
    };
  });
}

export interface DeclaredWindow extends TimeWindow {
  /** The status it imposes on the component: an incident's component status, or `under_maintenance`. */
  status: ComponentStatus;
  incident?: { id: string; name: string; impact: string; type: string };
}

export interface DeclaredDay {
  uptimePct: number;
  worstStatus: ComponentStatus;
  /** Minutes in partial or major outage. */
  downtimeMinutes: number;
  degradedMinutes: number;
  maintenanceMinutes: number;
  incidents: { id: string; name: string; impact: string; type: string }[];
}

/**
 * Minutes a component spent in each declared status during one day, overlaps
 * counted once at the worst status, up to `nowMs`. Uptime is measured over
 * the observed part of the day.
 */
export function declaredDay(
  windows: readonly DeclaredWindow[],
  bounds: { start: number; end: number },
  nowMs: number,
): DeclaredDay {
  const start = bounds.start;
  const end = Math.min(bounds.end, nowMs);
  const overlapping = windows.filter((w) => w.from < end && (w.to ?? nowMs) > start);
  const cuts = new Set<number>([start, end]);
  for (const w of overlapping) {
    cuts.add(Math.max(start, w.from));
    cuts.add(Math.min(end, w.to ?? nowMs));
  }
  const points = [...cuts].filter((t) => t >= start && t <= end).sort((a, b) => a - b);
  const minutes: Record<ComponentStatus, number> = {
    operational: 0,
    under_maintenance: 0,
    degraded_performance: 0,
    partial_outage: 0,
    major_outage: 0,
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    const active = overlapping.filter((w) => w.from <= from && (w.to ?? nowMs) >= to).map((w) => w.status);
    minutes[worstStatus(active)] += (to - from) / MINUTE_MS;
  }
  const observed = Math.max(0, (end - start) / MINUTE_MS);
  const lost = minutes.major_outage + PARTIAL_OUTAGE_WEIGHT * minutes.partial_outage;
  const seen = new Map<string, NonNullable<DeclaredWindow["incident"]>>();
  for (const w of overlapping) if (w.incident) seen.set(w.incident.id, w.incident);
  return {
    uptimePct: observed > 0 ? roundUptime(100 * (1 - lost / observed)) : 100,
    worstStatus: worstStatus(overlapping.map((w) => w.status)),
    downtimeMinutes: Math.round(minutes.major_outage + minutes.partial_outage),
    degradedMinutes: Math.round(minutes.degraded_performance),
    maintenanceMinutes: Math.round(minutes.under_maintenance),
    incidents: [...seen.values()],
  };
}

export interface UptimeDay {
  day: string;
  uptime_pct: number;
  worst_status: ComponentStatus;
  downtime_minutes: number;
  degraded_minutes: number;
  maintenance_minutes: number;
  /** Probe checks that day (0: the day rests on declared incidents and maintenance only). */
  checks: number;
  failures: number;
  latency_p50: number | null;
  latency_p95: number | null;
  incidents: { id: string; name: string; impact: string; type: string }[];
}

/** One bar: the worse of what probes measured and what was declared. */
export function mergeDay(
  day: string,
  probes: Omit<ComponentProbeDay, "componentId" | "day"> | undefined,
  declared: DeclaredDay,
): UptimeDay {
  return {
    day,
    uptime_pct: Math.min(probes?.uptimePct ?? 100, declared.uptimePct),
    worst_status: worstStatus([probes?.worstStatus ?? "operational", declared.worstStatus]),
    downtime_minutes: Math.max(probes?.downtimeMinutes ?? 0, declared.downtimeMinutes),
    degraded_minutes: Math.max(probes?.degradedMinutes ?? 0, declared.degradedMinutes),
    maintenance_minutes: declared.maintenanceMinutes,
    checks: probes?.checks ?? 0,
    failures: probes?.failures ?? 0,
    latency_p50: probes?.latencyP50 ?? null,
    latency_p95: probes?.latencyP95 ?? null,
    incidents: declared.incidents,
  };
}
