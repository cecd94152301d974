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
