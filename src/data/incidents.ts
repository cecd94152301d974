import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { incidentComponents, incidents, incidentUpdates } from "../db/schema";
import { HIDDEN_REVIEWS } from "../domain/incidents";
import { FINISHED_MAINTENANCE } from "../domain/maintenance";

export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentUpdateRow = typeof incidentUpdates.$inferSelect;
export type IncidentComponentRow = typeof incidentComponents.$inferSelect;

/** An incident or maintenance with its timeline (newest first) and affected components. */
export interface IncidentView extends IncidentRow {
  updates: IncidentUpdateRow[];
  components: { componentId: string; status: string }[];
}

/** SQL for `isPublic` (src/domain/incidents.ts): hidden reviews left out. */
export function publicIncident(): SQL {
  return or(isNull(incidents.review), notInArray(incidents.review, [...HIDDEN_REVIEWS]))!;
}

/** Joins rows with their updates and components, read by whichever query (timelines are newest first). */
export function attachTimelines(
  rows: IncidentRow[],
  updates: IncidentUpdateRow[],
  affected: IncidentComponentRow[],
): IncidentView[] {
  return rows.map((row) => ({
    ...row,
    updates: updates.filter((u) => u.incidentId === row.id),
    components: affected
      .filter((a) => a.incidentId === row.id)
      .map(({ componentId, status }) => ({ componentId, status })),
  }));
}

function updatesOf(db: Database, ids: string[] | SQL) {
  return db
    .select()
    .from(incidentUpdates)
    .where(inArray(incidentUpdates.incidentId, ids))
    .orderBy(desc(incidentUpdates.displayAt), desc(incidentUpdates.createdAt));
}

function componentsOf(db: Database, ids: string[] | SQL) {
  return db
    .select()
    .from(incidentComponents)
    .where(inArray(incidentComponents.incidentId, ids))
    .orderBy(asc(incidentComponents.componentId));
}

/** Attaches updates and components with two queries, whatever the number of incidents. */
export async function withTimelines(db: Database, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [updates, affected] = await Promise.all([updatesOf(db, ids), componentsOf(db, ids)]);
  return attachTimelines(rows, updates, affected);
}

/**
 * What may be open right now, with timelines, as three queries to run in one
 * D1 batch: public unresolved incidents, and maintenance not yet completed
 * or cancelled (whether it runs, is upcoming or is overdue is the clock's
 * call, made by the read model).
 */
export function openItemsQueries(db: Database) {
  const open = and(
    isNull(incidents.resolvedAt),
    publicIncident(),
    or(eq(incidents.type, "incident"), notInArray(incidents.status, [...FINISHED_MAINTENANCE])),
  );
  const ids = db.select({ id: incidents.id }).from(incidents).where(open);
  return [
    db.select().from(incidents).where(open),
    updatesOf(db, sql`(${ids})`),
    componentsOf(db, sql`(${ids})`),
  ] as const;
}

/** A service's most recent incidents, resolved or not, newest first. */
export async function listRecentIncidents(db: Database, serviceId: string, limit = 50): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.serviceId, serviceId), eq(incidents.type, "incident"), publicIncident()))
    .orderBy(desc(incidents.createdAt))
    .limit(limit);
  return withTimelines(db, rows);
}

/** A service's maintenances, newest scheduled first. */
export async function listRecentMaintenances(db: Database, serviceId: string, limit = 50): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.serviceId, serviceId),
        eq(incidents.type, "maintenance"),
        ne(incidents.status, "cancelled"),
        publicIncident(),
      ),
    )
    .orderBy(desc(incidents.scheduledFor))
    .limit(limit);
  return withTimelines(db, rows);
}

/** A service's incidents and maintenances created in [fromMs, toMs), for history pages and feeds. */
export async function listIncidentsBetween(
  db: Database,
  serviceId: string,
  fromMs: number,
  toMs: number,
  limit = 500,
): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.serviceId, serviceId),
        publicIncident(),
        gte(incidents.createdAt, fromMs),
        lt(incidents.createdAt, toMs),
      ),
    )
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
  serviceId?: string;
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
  if (filter.serviceId) conditions.push(eq(incidents.serviceId, filter.serviceId));
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

/** The latest change to any incident or maintenance per service (for page.updated_at), as a query for a batch. */
export function lastIncidentChangeQuery(db: Database) {
  return db
    .select({ serviceId: incidents.serviceId, at: sql<number>`max(${incidents.updatedAt})` })
    .from(incidents)
    .groupBy(incidents.serviceId);
}

/** A service's incidents and maintenance for the feeds: public ones only, cancelled maintenance left out, newest first. */
export async function listHistory(db: Database, serviceId: string, limit = 50): Promise<IncidentView[]> {
  const rows = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.serviceId, serviceId), publicIncident(), ne(incidents.status, "cancelled")))
    .orderBy(desc(incidents.createdAt))
    .limit(limit);
  return withTimelines(db, rows);
}
