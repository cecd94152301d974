import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { incidentComponents, incidents, incidentUpdates } from "../db/schema";
import { conflict, invalid, notFound } from "../domain/errors";
import type { DomainEvent } from "../domain/events";
import { isHiddenReview } from "../domain/incidents";
import type { IncidentStatus } from "../domain/status";
import { type IncidentImpact, impactOf, worseImpact, worstStatus } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import { newId } from "../lib/id";
import {
  applyStatusChanges,
  releaseChanges,
  requireComponents,
  type StatusChange,
  type StatusSource,
} from "./component-status";
import { findIncident, type IncidentView } from "./incidents";
import { publish, type Statement } from "./publish";

/** What every incident write returns: the incident as now stored, and what changed (for webhooks). */
export interface IncidentWriteResult {
  incident: IncidentView;
  events: DomainEvent[];
}

export interface CreateIncidentInput {
  /** The service it speaks for; its components must be that service's. */
  serviceId: string;
  name: string;
  /** Default `investigating`. */
  status?: IncidentStatus;
  /** The first update's text. */
  body?: string;
  /** Without it, the impact follows the worst component status, as in Statuspage. */
  impactOverride?: IncidentImpact;
  /** Affected components and the status this incident gives each. */
  components?: Record<string, ComponentStatus>;
  source?: StatusSource;
  /** `outage` or `account_wave` (an account restriction, detected or declared); null for older declared ones. */
  detectedKind?: string;
  /** For detected incidents: the numbers behind the detection (stored as JSON, shown to operators only). */
  evidence?: unknown;
  startedAt?: number;
  now?: number;
}

export interface IncidentUpdateInput {
  status?: IncidentStatus;
  body?: string;
  name?: string;
  impactOverride?: IncidentImpact;
  /** New statuses for (new or already affected) components. On resolve, components not named here go back to operational. */
  components?: Record<string, ComponentStatus>;
  /** Who is speaking: `declared` (an operator, the default) or `detected` (the detector). */
  source?: StatusSource;
  now?: number;
}

const RESOLVED = new Set<string>(["resolved", "postmortem"]);

function requireIncident(view: IncidentView | undefined, id: string): IncidentView {
  if (view?.type !== "incident") throw notFound("not_found", `No incident with id "${id}"`);
  return view;
}

async function reread(db: Database, id: string, events: DomainEvent[]): Promise<IncidentWriteResult> {
  return { incident: (await findIncident(db, id))!, events };
}

/**
 * Opens an incident with its first update and affected components, and sets
 * those components' statuses (status_source = the incident's source), in one batch.
 * Detected incidents start with review `pending` until an operator confirms, merges or dismisses them.
 */
export async function createIncident(db: Database, input: CreateIncidentInput): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  const source = input.source ?? "declared";
  const status = input.status ?? "investigating";
  const wanted = input.components ?? {};
  const rows = await requireComponents(db, Object.keys(wanted), "incident.components", input.serviceId);
  const id = newId();
  const resolved = RESOLVED.has(status);
  // An incident recorded as already resolved (a backfill) leaves today's component statuses alone.
  const changes = resolved
    ? []
    : Object.entries(wanted).map(([componentId, s]) => ({ componentId, status: s, source }));
  const applied = applyStatusChanges(db, rows, changes, now);

  const statements: Statement[] = [
    db.insert(incidents).values({
      id,
      serviceId: input.serviceId,
      type: "incident",
      name: input.name,
      status,
      impact: input.impactOverride ?? impactOf(Object.values(wanted)),
      source,
      detectedKind: input.detectedKind ?? null,
      review: source === "detected" ? "pending" : null,
      evidence: input.evidence ?? null,
      createdAt: now,
      updatedAt: now,
      startedAt: input.startedAt ?? now,
      monitoringAt: status === "monitoring" ? now : null,
      resolvedAt: resolved ? now : null,
    }),
    ...Object.entries(wanted).map(([componentId, s]) =>
      db.insert(incidentComponents).values({ incidentId: id, componentId, status: s }),
    ),
    db.insert(incidentUpdates).values({
      id: newId(),
      incidentId: id,
      status,
      body: input.body ?? "",
      affectedComponents: applied.affected.length ? applied.affected : null,
      createdAt: now,
      updatedAt: now,
      displayAt: now,
    }),
    ...applied.statements,
  ];
  await publish(db, statements, now);
  return reread(db, id, [{ type: "incident.created", incidentId: id, at: now }, ...applied.events]);
}

/**
 * Posts an update: a new status and/or text and/or component statuses, kept
 * in the timeline. Resolving sets the incident's components back to
 * operational (or to what other open incidents still impose), except those the
 * update names explicitly. Going back from resolved reopens the incident.
 */
export async function addIncidentUpdate(
  db: Database,
  id: string,
  input: IncidentUpdateInput,
): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  const current = requireIncident(await findIncident(db, id), id);
  if (isHiddenReview(current.review)) {
    throw conflict(
      "incident_closed",
      `Incident "${id}" was ${current.review}; post updates to ${current.mergedInto ?? "another incident"} instead`,
    );
  }
  const plan = await planUpdate(db, current, input, now);
  await publish(db, plan.statements, now);
  return reread(db, id, plan.events);
}

async function planUpdate(
  db: Database,
  current: IncidentView,
  input: IncidentUpdateInput & { review?: "confirmed" },
  now: number,
) {
  const id = current.id;
  const source = input.source ?? "declared";
  const status = input.status ?? (current.status as IncidentStatus);
  const explicit = input.components ?? {};
  const held = current.components.map((c) => c.componentId);
  const named = Object.keys(explicit);
  const rows = await requireComponents(db, [...named, ...held], "incident.components", current.serviceId);
  const wasResolved = RESOLVED.has(current.status);
  const resolving = RESOLVED.has(status) && !wasResolved;
  const reopening = wasResolved && !RESOLVED.has(status);

  let changes: StatusChange[];
  if (resolving) changes = await releaseChanges(db, [...new Set([...held, ...named])], id, explicit, source, now);
  else if (reopening)
    changes = [...new Set([...held, ...named])].map((componentId) => ({
      componentId,
      status:
        explicit[componentId] ??
        (current.components.find((c) => c.componentId === componentId)!.status as ComponentStatus),
      source,
    }));
  else if (wasResolved)
    changes = []; // a postmortem or note on a closed incident changes no component
  else changes = Object.entries(explicit).map(([componentId, s]) => ({ componentId, status: s, source }));
  const applied = applyStatusChanges(db, rows, changes, now);

  const impact =
    input.impactOverride ??
    worseImpact(current.impact as IncidentImpact, impactOf(RESOLVED.has(status) ? [] : Object.values(explicit)));
  const statements: Statement[] = [
    db
      .update(incidents)
      .set({
        status,
        name: input.name ?? current.name,
        impact,
        updatedAt: now,
        monitoringAt: status === "monitoring" && current.monitoringAt == null ? now : current.monitoringAt,
        resolvedAt: RESOLVED.has(status) ? (current.resolvedAt ?? now) : null,
        ...(input.review ? { review: input.review } : {}),
      })
      .where(eq(incidents.id, id)),
    // incident_components keeps the status the incident imposes while open; after it closes the rows stay as history.
    ...Object.entries(explicit)
      .filter(() => !RESOLVED.has(status))
      .map(([componentId, s]) =>
        db
          .insert(incidentComponents)
          .values({ incidentId: id, componentId, status: s })
          .onConflictDoUpdate({
            target: [incidentComponents.incidentId, incidentComponents.componentId],
            set: { status: sql`excluded.status` },
          }),
      ),
    updateRow(db, id, status, input.body ?? "", applied.affected, now),
    ...applied.statements,
  ];
  return {
    statements,
    events: [{ type: "incident.updated", incidentId: id, at: now } as DomainEvent, ...applied.events],
  };
}

/** One timeline entry of an incident or maintenance. */
export function updateRow(
  db: Database,
  incidentId: string,
  status: string,
  body: string,
  affected: unknown[],
  now: number,
): Statement {
  return db.insert(incidentUpdates).values({
    id: newId(),
    incidentId,
    status,
    body,
    affectedComponents: affected.length ? affected : null,
    createdAt: now,
    updatedAt: now,
    displayAt: now,
  });
}

/** Resolves an incident (see addIncidentUpdate): components go back to operational unless named. */
export function resolveIncident(
  db: Database,
  id: string,
  input: Omit<IncidentUpdateInput, "status"> = {},
): Promise<IncidentWriteResult> {
  return addIncidentUpdate(db, id, { ...input, status: "resolved" });
}

function requireReviewable(view: IncidentView, action: string, detectedOnly: boolean) {
  if (detectedOnly && view.source !== "detected")
    throw conflict("not_detected", `Only detected incidents can be ${action}`);
  if (isHiddenReview(view.review)) throw conflict("already_reviewed", `This incident was already ${view.review}`);
}

/** An operator vouches for a detected incident: review `confirmed`, its components now `declared`, an update records it. */
export async function confirmIncident(
  db: Database,
  id: string,
  input: { body?: string; status?: IncidentStatus; now?: number } = {},
): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  const current = requireIncident(await findIncident(db, id), id);
  requireReviewable(current, "confirmed", true);
  const open = current.resolvedAt == null && !RESOLVED.has(input.status ?? current.status);
  const plan = await planUpdate(
    db,
    current,
    {
      status: input.status,
      body: input.body ?? "运营人员已确认此问题。 / Our team has confirmed this problem.",
      components: open
        ? Object.fromEntries(current.components.map((c) => [c.componentId, c.status as ComponentStatus]))
        : {},
      source: "declared",
      review: "confirmed",
    },
    now,
  );
  await publish(db, plan.statements, now);
  return reread(db, id, plan.events);
}

/** A false alarm: review `dismissed`, resolved, hidden from the public page; its components released. */
export async function dismissIncident(
  db: Database,
  id: string,
  input: { body?: string; now?: number } = {},
): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  const current = requireIncident(await findIncident(db, id), id);
  requireReviewable(current, "dismissed", true);
  const plan = await planClose(
    db,
    current,
    {
      review: "dismissed",
      mergedInto: null,
      body: input.body ?? "Dismissed by an operator: not a real incident.",
      now,
    },
    new Map(),
  );
  await publish(db, plan.statements, now);
  return reread(db, id, plan.events);
}

/**
 * Folds a duplicate into another incident: the duplicate is resolved and
 * marked `merged` (hidden), its components join the target, and both
 * timelines say so. One batch.
 */
export async function mergeIncident(
  db: Database,
  id: string,
  intoId: string,
  input: { body?: string; now?: number } = {},
): Promise<IncidentWriteResult> {
  const now = input.now ?? Date.now();
  if (id === intoId) throw invalid("invalid_field", "An incident cannot be merged into itself", "into");
  const [found, target] = await Promise.all([findIncident(db, id), findIncident(db, intoId)]);
  const current = requireIncident(found, id);
  requireReviewable(current, "merged", false);
  if (target?.type !== "incident") throw invalid("unknown_incident", `No incident with id "${intoId}"`, "into");
  if (isHiddenReview(target.review)) throw conflict("incident_closed", `Incident "${intoId}" was ${target.review}`);
  if (target.serviceId !== current.serviceId) {
    throw invalid(
      "wrong_service",
      `Incident "${intoId}" belongs to ${target.serviceId}, not ${current.serviceId}`,
      "into",
    );
  }

  const targetOpen = target.resolvedAt == null;
  const joining = current.components.filter((c) => !target.components.some((t) => t.componentId === c.componentId));
  // An open target takes the joining components over, so releasing the duplicate must keep their status.
  const takenOver = new Map(targetOpen ? joining.map((c) => [c.componentId, c.status as ComponentStatus]) : []);
  const plan = await planClose(
    db,
    current,
    { review: "merged", mergedInto: intoId, body: input.body ?? `Merged into incident ${intoId}.`, now },
    takenOver,
  );
  const statements: Statement[] = [
    ...joining.map((c) =>
      db.insert(incidentComponents).values({ incidentId: intoId, componentId: c.componentId, status: c.status }),
    ),
    ...plan.statements,
    db.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, intoId)),
    updateRow(db, intoId, target.status, `Merged a duplicate: ${current.name}`, [], now),
  ];
  await publish(db, statements, now);
  return reread(db, id, [...plan.events, { type: "incident.updated", incidentId: intoId, at: now }]);
}

async function planClose(
  db: Database,
  current: IncidentView,
  close: { review: "dismissed" | "merged"; mergedInto: string | null; body: string; now: number },
  takenOver: Map<string, ComponentStatus>,
) {
  const { now } = close;
  const ids = current.components.map((c) => c.componentId);
  const rows = await requireComponents(db, ids, "components", current.serviceId);
  let changes: StatusChange[] = [];
  if (current.resolvedAt == null) {
    changes = (await releaseChanges(db, ids, current.id, {}, "declared", now)).map((change) => {
      const kept = takenOver.get(change.componentId);
      return kept ? { ...change, status: worstStatus([change.status, kept]) } : change;
    });
  }
  const applied = applyStatusChanges(db, rows, changes, now);
  const statements: Statement[] = [
    db
      .update(incidents)
      .set({
        review: close.review,
        mergedInto: close.mergedInto,
        status: "resolved",
        resolvedAt: current.resolvedAt ?? now,
        updatedAt: now,
      })
      .where(eq(incidents.id, current.id)),
    updateRow(db, current.id, "resolved", close.body, applied.affected, now),
    ...applied.statements,
  ];
  return { statements, events: applied.events };
}
