import type { ServiceConfig } from "../config/types";
import type { ComponentGroupRow, ComponentRow } from "../data/components";
import type { IncidentView } from "../data/incidents";
import { imposesStatus, isMaintenanceActive, isPublic } from "../domain/incidents";
import { ACTIVE_MAINTENANCE, maintenanceStatusAt } from "../domain/maintenance";
import {
  type IncidentImpact,
  type MaintenanceStatus,
  overallIndicator,
  type StatusIndicator,
  type StatusSource,
  worstStatus,
} from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { ComponentSituation } from "../domain/verdict-kind";

/**
 * The status snapshot: what the public is told about one service right now,
 * with every rule that decides it applied once. The status page, the
 * Statuspage API, badges, feeds, webhook payloads and the verdicts all render
 * from it. Pure: src/read-model/load.ts reads the rows (in one D1 batch, with
 * the state version) and remembers the result per version.
 */

/** A component as the public sees it: status and source after the clock has had its say. */
export type ComponentState = ComponentRow & { status: ComponentStatus; statusSource: StatusSource };

export interface GroupState {
  row: ComponentGroupRow;
  members: ComponentState[];
  /** The worst status among the members. */
  status: ComponentStatus;
  /** Who set the status that makes the group's status (default when all are operational). */
  statusSource: StatusSource;
  updatedAt: number;
}

/** An open maintenance with the status the clock gives it now. */
export type MaintenanceState = IncidentView & { publicStatus: MaintenanceStatus };

export interface SnapshotRows {
  version: number;
  service: ServiceConfig;
  components: ComponentRow[];
  groups: ComponentGroupRow[];
  /** Unresolved incidents and unfinished maintenance, with timelines (src/data/incidents.ts openItemsQueries). */
  open: IncidentView[];
  lastIncidentChange: number;
}

export interface StatusSnapshot {
  /** The public state version the rows were read at. */
  version: number;
  service: ServiceConfig;
  builtAt: number;
  /** When the clock next changes something here (a maintenance window opens or closes). */
  validUntil: number;
  /** The latest change to anything shown (page.updated_at). */
  updatedAt: number;
  /** Every component in page order. */
  components: ComponentState[];
  componentsById: ReadonlyMap<string, ComponentState>;
  /** Groups with members, in page order; empty groups left out. */
  groups: GroupState[];
  /** Components in no (existing) group. */
  ungrouped: ComponentState[];
  /** Unresolved public incidents, newest first. */
  incidents: IncidentView[];
  /** Maintenance upcoming or running, soonest first. */
  maintenances: MaintenanceState[];
  overall: { indicator: StatusIndicator; description: string };
}

export function buildSnapshot(rows: SnapshotRows, nowMs: number): StatusSnapshot {
  const incidents = rows.open
    .filter((item) => item.type === "incident" && isPublic(item))
    .sort((a, b) => b.startedAt - a.startedAt);
  const maintenances = rows.open
    .filter((item) => item.type === "maintenance")
    .map((item) => ({ ...item, publicStatus: maintenanceStatusAt(item, nowMs) as MaintenanceStatus }))
    .filter((item) => item.publicStatus !== "completed")
    .sort((a, b) => (a.scheduledFor ?? a.startedAt) - (b.scheduledFor ?? b.startedAt));

  // A window that has opened by the clock shows before the cron records it.
  const inMaintenance = new Set(
    maintenances.filter((m) => isMaintenanceActive(m, nowMs)).flatMap((m) => m.components.map((c) => c.componentId)),
  );
  const components: ComponentState[] = rows.components.map((row) =>
    row.status === "operational" && inMaintenance.has(row.id)
      ? { ...row, status: "under_maintenance", statusSource: "declared" }
      : (row as ComponentState),
  );

  const groupIds = new Set(rows.groups.map((g) => g.id));
  const groups = rows.groups.flatMap((row) => {
    const members = components.filter((c) => c.groupId === row.id);
    return members.length ? [groupState(row, members)] : [];
  });

  const updatedAt = Math.max(
    rows.version,
    rows.lastIncidentChange,
    ...rows.components.map((c) => c.updatedAt),
    ...rows.groups.map((g) => g.updatedAt),
  );
  return {
    version: rows.version,
    service: rows.service,
    builtAt: nowMs,
    validUntil: nextClockChange(maintenances, nowMs),
    updatedAt,
    components,
    componentsById: new Map(components.map((c) => [c.id, c])),
    groups,
    ungrouped: components.filter((c) => !c.groupId || !groupIds.has(c.groupId)),
    incidents,
    maintenances,
    overall: overallIndicator(
      components.map((c) => c.status),
      incidents.map((i) => i.impact as IncidentImpact),
    ),
  };
}

function groupState(row: ComponentGroupRow, members: ComponentState[]): GroupState {
  const status = worstStatus(members.map((m) => m.status));
  const driver = members.find((m) => m.status === status && status !== "operational");
  return {
    row,
    members,
    status,
    statusSource: driver?.statusSource ?? "default",
    updatedAt: Math.max(row.updatedAt, ...members.map((m) => m.updatedAt)),
  };
}

function nextClockChange(maintenances: MaintenanceState[], nowMs: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const m of maintenances) {
    for (const at of [m.scheduledFor, m.scheduledUntil]) if (at != null && at > nowMs) next = Math.min(next, at);
  }
  return next;
}

/** The provinces a detected regional outage names in its evidence (none: national). */
function provincesOfEvidence(item: IncidentView): string[] {
  if (item.source !== "detected" || !item.evidence || typeof item.evidence !== "object") return [];
  const provinces = (item.evidence as { provinces?: unknown }).provinces;
  return Array.isArray(provinces) ? provinces.filter((p): p is string => typeof p === "string") : [];
}

/** Components the page lists: one marked "only show if degraded" stays hidden while operational. */
export function shownComponents(list: readonly ComponentState[]): ComponentState[] {
  return list.filter((c) => !(c.onlyShowIfDegraded && c.status === "operational"));
}

export const runningMaintenances = (s: StatusSnapshot) =>
  s.maintenances.filter((m) => ACTIVE_MAINTENANCE.has(m.publicStatus));
export const upcomingMaintenances = (s: StatusSnapshot) => s.maintenances.filter((m) => m.publicStatus === "scheduled");

/** Open incidents and maintenance that name a component. */
export function itemsAffecting(snapshot: StatusSnapshot, componentId: string): IncidentView[] {
  return [...snapshot.incidents, ...snapshot.maintenances].filter((item) =>
    item.components.some((c) => c.componentId === componentId),
  );
}

export interface SituationWithTimes extends ComponentSituation {
  /** When the covering maintenance began, if one covers the component. */
  maintenanceFrom: number | null;
  /** When the covering maintenance is expected to end, if one covers the component. */
  maintenanceUntil: number | null;
}

/**
 * What is open for one component at `nowMs`: what a reporter's verdict depends
 * on. A detected regional outage (its evidence names `provinces`) concerns only
 * a reporter counted in one of them (`region`: the report's counted region,
 * null when unknown); `regions` then carries its provinces. A national outage
 * (declared, or detected without provinces) concerns everyone.
 */
export function situationOf(
  snapshot: StatusSnapshot,
  componentId: string,
  nowMs: number,
  region: string | null = null,
): SituationWithTimes {
  const situation: SituationWithTimes = {
    maintenance: false,
    outage: false,
    accountWave: false,
    merchantRestriction: false,
    regions: null,
    maintenanceFrom: null,
    maintenanceUntil: null,
  };
  let national = false;
  const regional = new Set<string>();
  for (const item of itemsAffecting(snapshot, componentId)) {
    if (!imposesStatus(item, nowMs)) continue;
    if (item.type === "maintenance") {
      situation.maintenance = true;
      situation.maintenanceFrom = Math.min(situation.maintenanceFrom ?? Infinity, item.scheduledFor ?? Infinity);
      if (situation.maintenanceFrom === Infinity) situation.maintenanceFrom = null;
      situation.maintenanceUntil = Math.max(situation.maintenanceUntil ?? 0, item.scheduledUntil ?? 0) || null;
    } else if (item.detectedKind === "account_wave") situation.accountWave = true;
    else if (item.detectedKind === "merchant_restriction") situation.merchantRestriction = true;
    else {
      const provinces = provincesOfEvidence(item);
      if (provinces.length) for (const p of provinces) regional.add(p);
      else national = true;
    }
  }
  if (national) situation.outage = true;
  else if (regional.size) {
    situation.regions = [...regional].sort();
    situation.outage = region !== null && regional.has(region);
  }
  return situation;
}
