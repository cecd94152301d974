/**
 * Per-component daily uptime for the 90-day bars and the API. Probe figures
 * come from component_daily (written by the rollup cron, so they outlive raw
 * results); declared incidents and maintenance are read live, so editing an
 * incident afterwards corrects the history it covers.
 */
import { and, asc, eq, gte, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { componentDaily, components, incidentComponents, incidents } from "../db/schema";
import { COMPONENT_STATUSES, type ComponentStatus } from "../domain/symptoms";
import { appendTo } from "../lib/multimap";
import { type DeclaredWindow, declaredDay, mergeDay, roundUptime, type UptimeDay } from "../probes/daily";
import { dayBounds, lastDays } from "../probes/days";
import { publicIncident } from "./incidents";

export type { UptimeDay } from "../probes/daily";

export interface ComponentUptime {
  component_id: string;
  /** Mean of the days' uptime over the period. */
  uptime_pct: number;
  /** Oldest first; today last (its figures cover the day so far). */
  days: UptimeDay[];
}

export interface UptimeQuery {
  /** Which components; all when omitted. */
  componentIds?: readonly string[];
  /** How many local days, today included (1..366). */
  days: number;
  nowMs: number;
  /** Whose calendar days: the page's time zone (Asia/Shanghai by default). */
  timeZone: string;
}

const isStatus = (value: string): value is ComponentStatus => (COMPONENT_STATUSES as readonly string[]).includes(value);

/**
 * Declared windows per component overlapping [fromMs, toMs): incidents from
 * start to resolution at the status they set on the component, maintenance
 * over its actual or scheduled window as `under_maintenance`. Dismissed and
 * merged detections and cancelled maintenance do not count.
 */
export async function declaredWindows(
  db: Database,
  fromMs: number,
  toMs: number,
  componentIds?: readonly string[],
): Promise<Map<string, DeclaredWindow[]>> {
  const conditions: SQL[] = [
    publicIncident(),
    or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, fromMs))!,
    or(lt(incidents.startedAt, toMs), lt(incidents.scheduledFor, toMs))!,
  ];
  if (componentIds) conditions.push(inArray(incidentComponents.componentId, [...componentIds]));
  const rows = await db
    .select({
      componentId: incidentComponents.componentId,
      status: incidentComponents.status,
      id: incidents.id,
      name: incidents.name,
      type: incidents.type,
      impact: incidents.impact,
      incidentStatus: incidents.status,
      startedAt: incidents.startedAt,
      resolvedAt: incidents.resolvedAt,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
    })
    .from(incidentComponents)
    .innerJoin(incidents, eq(incidents.id, incidentComponents.incidentId))
    .where(and(...conditions));

  const windows = new Map<string, DeclaredWindow[]>();
  for (const row of rows) {
    const incident = { id: row.id, name: row.name, impact: row.impact, type: row.type };
    let window: DeclaredWindow;
    if (row.type === "maintenance") {
      if (row.incidentStatus === "cancelled") continue;
      const from = row.scheduledFor ?? row.startedAt;
      window = { from, to: row.resolvedAt ?? row.scheduledUntil, status: "under_maintenance", incident };
    } else {
      if (!isStatus(row.status)) continue;
      window = { from: row.startedAt, to: row.resolvedAt, status: row.status, incident };
    }
    if (window.from >= toMs || (window.to !== null && window.to <= fromMs)) continue;
    appendTo(windows, row.componentId, window);
  }
  return windows;
}

/**
 * Daily uptime of each component for the last `days` local days (today
 * included), oldest first. A day without probe checks rests on declared
 * incidents and maintenance alone (100 % when nothing was declared).
 */
export async function componentUptime(db: Database, query: UptimeQuery): Promise<ComponentUptime[]> {
  const count = Math.max(1, Math.min(366, Math.floor(query.days)));
  const days = lastDays(query.nowMs, count, query.timeZone);
  const bounds = new Map(days.map((day) => [day, dayBounds(day, query.timeZone)]));
  const fromMs = bounds.get(days[0]!)!.start;
  const toMs = bounds.get(days[days.length - 1]!)!.end;

  const ids =
    query.componentIds ??
    (await db.select({ id: components.id }).from(components).orderBy(asc(components.position), asc(components.id))).map(
      (c) => c.id,
    );
  if (ids.length === 0) return [];

  const [stored, windows] = await Promise.all([
    db
      .select()
      .from(componentDaily)
      .where(
        and(
          inArray(componentDaily.componentId, [...ids]),
          gte(componentDaily.day, days[0]!),
          lt(componentDaily.day, nextDay(days[days.length - 1]!)),
        ),
      ),
    declaredWindows(db, fromMs, toMs, ids),
  ]);
  const probeDays = new Map(stored.map((row) => [`${row.componentId}|${row.day}`, row]));

  return ids.map((componentId) => {
    const componentWindows = windows.get(componentId) ?? [];
    const perDay = days.map((day) => {
      const probe = probeDays.get(`${componentId}|${day}`);
      const probeFigures = probe && {
        ...probe,
        worstStatus: isStatus(probe.worstStatus) ? probe.worstStatus : "operational",
      };
      return mergeDay(day, probeFigures, declaredDay(componentWindows, bounds.get(day)!, query.nowMs));
    });
    const mean = perDay.reduce((sum, d) => sum + d.uptime_pct, 0) / perDay.length;
    return { component_id: componentId, uptime_pct: roundUptime(mean), days: perDay };
  });
}

/** The YYYY-MM-DD after `day` (calendar arithmetic, zone-free). */
function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
