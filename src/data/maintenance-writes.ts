import { and, eq, isNull, lte, notInArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { incidentComponents, incidents } from "../db/schema";
import { conflict, invalid, notFound } from "../domain/errors";
import type { DomainEvent, MaintenanceEventType } from "../domain/events";
import { ACTIVE_MAINTENANCE, FINISHED_MAINTENANCE, maintenanceStatusAt } from "../domain/maintenance";
import type { MaintenanceStatus } from "../domain/status";
import { newId } from "../lib/id";
import { applyStatusChanges, releaseChanges, requireComponents, type StatusChange } from "./component-status";
import { type IncidentWriteResult, updateRow } from "./incident-writes";
import { findIncident, type IncidentView } from "./incidents";
import { publish, type Statement } from "./publish";

export interface ScheduleMaintenanceInput {
  /** The service it speaks for; its components must be that service's. */
  serviceId: string;
  name: string;
  body?: string;
  scheduledFor: number;
  scheduledUntil: number;
  /** Component ids; they show `under_maintenance` while it runs. */
  components: string[];
  now?: number;
}

export interface MaintenanceUpdateInput {
  name?: string;
  body?: string;
  /** Operators may move it by hand (start early, `verifying`, complete early); otherwise the clock does. */
  status?: MaintenanceStatus;
  scheduledFor?: number;
  scheduledUntil?: number;
  components?: string[];
  now?: number;
}

/** What the clock (and a cancel without text) writes, both languages in one text; notices word it per language. */
export const AUTO_TEXT = {
  in_progress: "维护已开始。 / Scheduled maintenance is now in progress.",
  completed: "维护已完成。 / Scheduled maintenance has been completed.",
  cancelled: "维护已取消。 / This scheduled maintenance has been cancelled.",
} as const;

function requireMaintenance(view: IncidentView | undefined, id: string): IncidentView {
  if (view?.type !== "maintenance") throw notFound("not_found", `No maintenance with id "${id}"`);
  return view;
}

function checkWindow(scheduledFor: number, scheduledUntil: number) {
  if (!(scheduledUntil > scheduledFor))
    throw invalid("invalid_field", "scheduled_until must be after scheduled_for", "incident.scheduled_until");
}

/** Schedules maintenance; if its window has already begun it starts at once. */
export async function scheduleMaintenance(db: Database, input: ScheduleMaintenanceInput): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  checkWindow(input.scheduledFor, input.scheduledUntil);
  if (input.scheduledUntil <= now)
    throw invalid("invalid_field", "scheduled_until is in the past", "incident.scheduled_until");
  const ids = [...new Set(input.components)];
  const rows = await requireComponents(db, ids, "incident.components", input.serviceId);
  const id = newId();
  const started = input.scheduledFor <= now;
  const status = started ? "in_progress" : "scheduled";
  const applied = applyStatusChanges(
    db,
    rows,
    started
      ? ids.map((componentId) => ({ componentId, status: "under_maintenance" as const, source: "declared" as const }))
      : [],
    now,
  );
  await publish(
    db,
    [
      db.insert(incidents).values({
        id,
        serviceId: input.serviceId,
        type: "maintenance",
        name: input.name,
        status,
        impact: "maintenance",
        source: "declared",
        createdAt: now,
        updatedAt: now,
        startedAt: input.scheduledFor,
        scheduledFor: input.scheduledFor,
        scheduledUntil: input.scheduledUntil,
      }),
      ...ids.map((componentId) =>
        db.insert(incidentComponents).values({ incidentId: id, componentId, status: "under_maintenance" }),
      ),
      updateRow(db, id, "scheduled", input.body ?? "", [], now),
      ...(started ? [updateRow(db, id, "in_progress", AUTO_TEXT.in_progress, applied.affected, now)] : []),
      ...applied.statements,
    ],
    now,
  );
  const events: DomainEvent[] = [{ type: "maintenance.scheduled", incidentId: id, at: now }];
  if (started) events.push({ type: "maintenance.started", incidentId: id, at: now }, ...applied.events);
  return { incident: (await findIncident(db, id))!, events };
}

/** Edits a maintenance (text, window, components, status); every change with text or a status is kept as an update. */
export async function updateMaintenance(
  db: Database,
  id: string,
  input: MaintenanceUpdateInput,
): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  await advanceMaintenances(db, now);
  const current = requireMaintenance(await findIncident(db, id), id);
  if (FINISHED_MAINTENANCE.has(current.status))
    throw conflict("maintenance_finished", `Maintenance "${id}" is already ${current.status}`);
  const scheduledFor = input.scheduledFor ?? current.scheduledFor!;
  const scheduledUntil = input.scheduledUntil ?? current.scheduledUntil!;
  checkWindow(scheduledFor, scheduledUntil);
  // A new window re-applies the clock unless the operator also sets a status by hand.
  const status =
    input.status ??
    maintenanceStatusAt(
      {
        status: current.status === "in_progress" && scheduledFor > now ? "scheduled" : current.status,
        scheduledFor,
        scheduledUntil,
      },
      now,
    );
  const plan = await planTransition(db, current, { status, components: input.components, now, body: input.body });
  await publish(
    db,
    [
      db
        .update(incidents)
        .set({
          name: input.name ?? current.name,
          scheduledFor,
          scheduledUntil,
          startedAt: scheduledFor,
          updatedAt: now,
        })
        .where(eq(incidents.id, id)),
      ...plan.statements,
    ],
    now,
  );
  const events: DomainEvent[] = plan.events.some((e) => e.type.startsWith("maintenance."))
    ? plan.events
    : [{ type: "maintenance.updated", incidentId: id, at: now }, ...plan.events];
  return { incident: (await findIncident(db, id))!, events };
}

/** Cancels a maintenance that has not finished; components it held go back to operational. */
export async function cancelMaintenance(
  db: Database,
  id: string,
  input: { body?: string; now?: number } = {},
): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  const current = requireMaintenance(await findIncident(db, id), id);
  if (FINISHED_MAINTENANCE.has(current.status))
    throw conflict("maintenance_finished", `Maintenance "${id}" is already ${current.status}`);
  const plan = await planTransition(db, current, { status: "cancelled", now, body: input.body ?? AUTO_TEXT.cancelled });
  await publish(db, plan.statements, now);
  return { incident: (await findIncident(db, id))!, events: plan.events };
}

/**
 * The cron's half of "follows the clock": starts maintenance whose window
 * has begun and completes maintenance whose window has ended. Returns the events.
 */
export async function advanceMaintenances(db: Database, now: number = Date.now()): Promise<DomainEvent[]> {
  const due = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(
      and(
        eq(incidents.type, "maintenance"),
        isNull(incidents.resolvedAt),
        notInArray(incidents.status, [...FINISHED_MAINTENANCE]),
        lte(incidents.scheduledFor, now),
      ),
    );
  const events: DomainEvent[] = [];
  for (const { id } of due) {
    const current = (await findIncident(db, id))!;
    const status = maintenanceStatusAt(current, now);
    if (status === current.status) continue;
    const plan = await planTransition(db, current, { status, now });
    await publish(db, plan.statements, now);
    events.push(...plan.events);
  }
  return events;
}

/** Statements moving a maintenance to `status` (and a new component list), with component statuses to match. */
async function planTransition(
  db: Database,
  current: IncidentView,
  change: { status: string; components?: string[]; now: number; body?: string },
): Promise<{ statements: Statement[]; events: DomainEvent[] }> {
  const { now, status } = change;
  const before = current.components.map((c) => c.componentId);
  const after = change.components ? [...new Set(change.components)] : before;
  const rows = await requireComponents(db, [...before, ...after], "incident.components", current.serviceId);
  const wasActive = ACTIVE_MAINTENANCE.has(current.status);
  const isActive = ACTIVE_MAINTENANCE.has(status);
  const finished = FINISHED_MAINTENANCE.has(status);

  const released = before.filter((c) => !isActive || !after.includes(c));
  const held = isActive ? after.filter((c) => !wasActive || !before.includes(c)) : [];
  const changes: StatusChange[] = [
    ...(wasActive && released.length ? await releaseChanges(db, released, current.id, {}, "declared", now) : []),
    ...held.map((componentId) => ({ componentId, status: "under_maintenance" as const, source: "declared" as const })),
  ];
  const applied = applyStatusChanges(db, rows, changes, now);

  const statements: Statement[] = [];
  if (change.components) {
    statements.push(db.delete(incidentComponents).where(eq(incidentComponents.incidentId, current.id)));
    statements.push(
      ...after.map((componentId) =>
        db.insert(incidentComponents).values({ incidentId: current.id, componentId, status: "under_maintenance" }),
      ),
    );
  }
  const statusChanged = status !== current.status;
  if (statusChanged) {
    statements.push(
      db
        .update(incidents)
        .set({
          status,
          updatedAt: now,
          resolvedAt: finished ? now : null,
          ...(status === "in_progress" && !wasActive ? { startedAt: now } : {}),
        })
        .where(eq(incidents.id, current.id)),
    );
  }
  if (statusChanged || change.body) {
    const auto = AUTO_TEXT[status as keyof typeof AUTO_TEXT] ?? "";
    statements.push(updateRow(db, current.id, status, change.body ?? auto, applied.affected, now));
  }
  statements.push(...applied.statements);

  const events: DomainEvent[] = [];
  const type: MaintenanceEventType | null = !statusChanged
    ? null
    : status === "cancelled"
      ? "maintenance.cancelled"
      : status === "completed"
        ? "maintenance.completed"
        : isActive && !wasActive
          ? "maintenance.started"
          : "maintenance.updated";
  if (type) events.push({ type, incidentId: current.id, at: now });
  events.push(...applied.events);
  return { statements, events };
}
