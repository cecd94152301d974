import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, notInArray, or, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { incidentComponents, incidents, incidentUpdates } from "../db/schema";

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentUpdateRow = typeof incidentUpdates.$inferSelect;
export type IncidentComponentRow = typeof incidentComponents.$inferSelect;

/** An incident or maintenance with its timeline (newest first) and affected components. */
export interface IncidentView extends IncidentRow {
  updates: IncidentUpdateRow[];
  components: { componentId: string; status: string }[];
}

/** Reviews that take a detected incident off the public page. */
export const HIDDEN_REVIEWS = ["dismissed", "merged"] as const;

function visible(): SQL {
  return or(isNull(incidents.review), notInArray(incidents.review, [...HIDDEN_REVIEWS]))!;
}

/** Attaches updates and components with two queries, whatever the number of incidents. */
export async function withTimelines(db: Database, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [updates, affected] = await Promise.all([
    db
      .select()
      .from(incidentUpdates)
      .where(inArray(incidentUpdates.incidentId, ids))
      .orderBy(desc(incidentUpdates.displayAt), desc(incidentUpdates.createdAt)),
    db
      .select()
      .from(incidentComponents)
      .where(inArray(incidentComponents.incidentId, ids))
      .orderBy(asc(incidentComponents.componentId)),
  ]);
  return rows.map((row) => ({
    ...row,
    updates: updates.filter((u) => u.incidentId === row.id),
    components: affected
      .filter((a) => a.incidentId === row.id)
      .map(({ componentId, status }) => ({ componentId, status })),
  }));
}

/** Unresolved incidents (not maintenance), newest first. */
export async function listUnresolvedIncidents(db: Database): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.type, "incident"), isNull(incidents.resolvedAt), visible()))
    .orderBy(desc(incidents.startedAt));
  return withTimelines(db, rows);
}

/** The most recent incidents, resolved or not, newest first. */
export async function listRecentIncidents(db: Database, limit = 50): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.type, "incident"), visible()))
    .orderBy(desc(incidents.createdAt))
    .limit(limit);
  return withTimelines(db, rows);
}

/** Maintenance that is upcoming or in progress at `nowMs` (not completed or cancelled). */
export async function listOpenMaintenances(db: Database, nowMs: number): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.type, "maintenance"),
        isNull(incidents.resolvedAt),
        notInArray(incidents.status, ["completed", "cancelled"]),
        or(isNull(incidents.scheduledUntil), gt(incidents.scheduledUntil, nowMs)),
      ),
    )
    .orderBy(asc(incidents.scheduledFor));
  return withTimelines(db, rows);
}

/** All maintenances, newest scheduled first. */
export async function listRecentMaintenances(db: Database, limit = 50): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.type, "maintenance"), ne(incidents.status, "cancelled")))
    .orderBy(desc(incidents.scheduledFor))
    .limit(limit);
  return withTimelines(db, rows);
}

/** Incidents and maintenances created in [fromMs, toMs), for history pages and feeds. */
export async function listIncidentsBetween(
  db: Database,
  fromMs: number,
  toMs: number,
  limit = 500,
): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(visible(), gte(incidents.createdAt, fromMs), lt(incidents.createdAt, toMs)))
    .orderBy(desc(incidents.createdAt))
    .limit(limit);
  return withTimelines(db, rows);
}

export async function findIncident(db: Database, id: string): Promise<IncidentView | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row) return undefined;
  const [view] = await withTimelines(db, [row]);
  return view;
}

export interface AdminIncidentFilter {
  type?: "incident" | "maintenance";
  /** Only unresolved (incidents) or not finished (maintenance). */
  open?: boolean;
  /** Detected incidents by review state, e.g. `pending`. */
  review?: string;
  limit?: number;
}

/** Everything operators may see, hidden reviews included, newest first. */
export async function listIncidentsForAdmin(db: Database, filter: AdminIncidentFilter = {}): Promise<IncidentView[]> {
  const conditions: SQL[] = [];
  if (filter.type) conditions.push(eq(incidents.type, filter.type));
  if (filter.open) conditions.push(isNull(incidents.resolvedAt));
  if (filter.review) conditions.push(eq(incidents.review, filter.review));
  const rows = await db
    .select()
    .from(incidents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(incidents.createdAt))
    .limit(filter.limit ?? 100);
  return withTimelines(db, rows);
}

/** The latest change to any incident or maintenance (for page.updated_at). */
export async function lastIncidentChange(db: Database): Promise<number> {
  const [row] = await db
    .select({ at: incidents.updatedAt })
    .from(incidents)
    .orderBy(desc(incidents.updatedAt))
    .limit(1);
  return row?.at ?? 0;
}

/** Incidents and maintenance for the history feeds: public ones only, cancelled maintenance left out, newest first. */
export async function listHistory(db: Database, limit = 50): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(visible(), ne(incidents.status, "cancelled")))
    .orderBy(desc(incidents.createdAt))
    .limit(limit);
  return withTimelines(db, rows);
}

// Writes live in their own files; re-exported so callers (routes, the detector) import from one place.
export * from "./incident-writes";
export * from "./maintenance-writes";
