import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Database } from "../db/client";
import { components, incidentComponents, incidents } from "../db/schema";
import { invalid } from "../domain/errors";
import type { DomainEvent } from "../domain/events";
import { imposesStatus } from "../domain/incidents";
import { worstStatus } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { ComponentRow } from "./components";
import type { Statement } from "./publish";

/** Who a status change speaks for: an operator or the detector. */
export type StatusSource = "declared" | "detected";

/** The components named, or a 400 naming the first unknown one. */
export async function requireComponents(
  db: Database,
  ids: string[],
  field: string,
  serviceId: string,
): Promise<Map<string, ComponentRow>> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await db.select().from(components).where(inArray(components.id, unique)) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = unique.find((id) => !byId.has(id));
  if (missing) throw invalid("unknown_component", `No component with id "${missing}"`, `${field}.${missing}`);
  // An incident speaks for one service: its components must all be that service's.
  const foreign = rows.find((row) => row.serviceId !== serviceId);
  if (foreign) {
    throw invalid(
      "wrong_service",
      `Component "${foreign.id}" belongs to ${foreign.serviceId}, not ${serviceId}`,
      `${field}.${foreign.id}`,
    );
  }
  return byId;
}

/**
 * The status other open incidents and running maintenances still impose on
 * each component, so resolving one incident never hides another that is
 * still open on the same component.
 */
export async function heldStatuses(
  db: Database,
  componentIds: string[],
  excludeIncidentId: string,
  nowMs: number,
): Promise<Map<string, { status: ComponentStatus; source: StatusSource }>> {
  if (componentIds.length === 0) return new Map();
  const rows = await db
    .select({
      componentId: incidentComponents.componentId,
      status: incidentComponents.status,
      source: incidents.source,
      type: incidents.type,
      incidentStatus: incidents.status,
      review: incidents.review,
      resolvedAt: incidents.resolvedAt,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
    })
    .from(incidentComponents)
    .innerJoin(incidents, eq(incidents.id, incidentComponents.incidentId))
    .where(
      and(
        inArray(incidentComponents.componentId, componentIds),
        ne(incidents.id, excludeIncidentId),
        isNull(incidents.resolvedAt),
      ),
    );
  const held = new Map<string, { status: ComponentStatus; source: StatusSource }>();
  for (const row of rows) {
    if (!imposesStatus({ ...row, status: row.incidentStatus }, nowMs)) continue;
    const status = row.status as ComponentStatus;
    const current = held.get(row.componentId);
    const worst = current ? worstStatus([current.status, status]) : status;
    // A declared hold wins over a detected one of equal severity: an operator's word is firmer.
    const source: StatusSource =
      !current || worst !== current.status || row.source === "declared" ? (row.source as StatusSource) : current.source;
    held.set(row.componentId, { status: worst, source });
  }
  return held;
}

export interface StatusChange {
  componentId: string;
  status: ComponentStatus;
  source: StatusSource;
}

/**
 * Statements that set component statuses, the events they cause, and the
 * `affected_components` entries an incident update records.
 */
export function applyStatusChanges(
  db: Database,
  rows: Map<string, ComponentRow>,
  changes: StatusChange[],
  now: number,
) {
  const statements: Statement[] = [];
  const events: DomainEvent[] = [];
  const affected: { code: string; name: string; old_status: ComponentStatus; new_status: ComponentStatus }[] = [];
  for (const change of changes) {
    const row = rows.get(change.componentId);
    if (!row) continue;
    const oldStatus = row.status as ComponentStatus;
    affected.push({ code: row.id, name: row.nameEn, old_status: oldStatus, new_status: change.status });
    if (oldStatus === change.status && row.statusSource === change.source) continue;
    statements.push(
      db
        .update(components)
        .set({ status: change.status, statusSource: change.source, updatedAt: now })
        .where(eq(components.id, row.id)),
    );
    if (oldStatus !== change.status)
      events.push({
        type: "component.status_changed",
        componentId: row.id,
        oldStatus,
        newStatus: change.status,
        at: now,
      });
  }
  return { statements, events, affected };
}

/**
 * Releasing components (an incident resolved, dismissed or merged, a
 * maintenance over): each goes back to what other open holders impose, or
 * operational, unless the caller states a status.
 */
export async function releaseChanges(
  db: Database,
  componentIds: string[],
  excludeIncidentId: string,
  explicit: Record<string, ComponentStatus>,
  source: StatusSource,
  nowMs: number,
): Promise<StatusChange[]> {
  const held = await heldStatuses(db, componentIds, excludeIncidentId, nowMs);
  return componentIds.map((componentId) => {
    if (explicit[componentId]) return { componentId, status: explicit[componentId]!, source };
    const hold = held.get(componentId);
    return hold
      ? { componentId, status: hold.status, source: hold.source }
      : { componentId, status: "operational" as const, source };
  });
}
