import { ACTIVE_MAINTENANCE, maintenanceStatusAt } from "./maintenance";

/**
 * The rules that decide which incidents and maintenances count, written once.
 * Every public surface reads them through the status snapshot
 * (src/read-model); the write path and the detector call them directly; SQL
 * that filters by them builds its condition from the same constants
 * (src/data/incidents.ts `publicIncident`).
 */

/** Reviews that take a detected incident off the public page and out of every count. */
export const HIDDEN_REVIEWS = ["dismissed", "merged"] as const;

export function isHiddenReview(review: string | null | undefined): boolean {
  return review != null && (HIDDEN_REVIEWS as readonly string[]).includes(review);
}

/** Whether the public sees an incident or maintenance at all. */
export function isPublic(row: { review: string | null }): boolean {
  return !isHiddenReview(row.review);
}

type Schedule = { status: string; scheduledFor: number | null; scheduledUntil: number | null };

/** Whether a maintenance runs at `nowMs`: in progress or verifying, by the clock. */
export function isMaintenanceActive(row: Schedule, nowMs: number): boolean {
  return ACTIVE_MAINTENANCE.has(maintenanceStatusAt(row, nowMs));
}

/**
 * Whether an incident or maintenance imposes its component statuses at
 * `nowMs`: a public incident until it is resolved; a maintenance while it runs.
 */
export function imposesStatus(
  row: Schedule & { type: string; review: string | null; resolvedAt: number | null },
  nowMs: number,
): boolean {
  if (row.resolvedAt != null || !isPublic(row)) return false;
  return row.type === "maintenance" ? isMaintenanceActive(row, nowMs) : true;
}

/**
 * What an incident is: a technical `outage`, or an `account_restriction` (many
 * accounts restricted by a policy or risk-control change: the systems work).
 * Stored as the incident's kind (`detected_kind`: `outage` or `account_wave`),
 * whether the detector opened it or an operator declared it.
 */
export const INCIDENT_CAUSES = ["outage", "account_restriction"] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

export const kindOfCause = (cause: IncidentCause): "outage" | "account_wave" =>
  cause === "account_restriction" ? "account_wave" : "outage";

export const causeOfKind = (kind: string | null): IncidentCause =>
  kind === "account_wave" ? "account_restriction" : "outage";
