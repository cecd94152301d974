/** Maintenance statuses while it actually runs (components show under_maintenance). */
export const ACTIVE_MAINTENANCE = new Set(["in_progress", "verifying"]);
/** Maintenance statuses that end it. */
export const FINISHED_MAINTENANCE = new Set(["completed", "cancelled"]);

/**
 * Maintenance follows the clock: `scheduled` becomes `in_progress` at
 * scheduled_for and anything unfinished becomes `completed` at
 * scheduled_until. The cron persists this; reads apply the same rule so the
 * API never lags a minute behind.
 */
export function maintenanceStatusAt(
  row: { status: string; scheduledFor: number | null; scheduledUntil: number | null },
  nowMs: number,
): string {
  if (FINISHED_MAINTENANCE.has(row.status)) return row.status;
  const ended = row.scheduledUntil != null && row.scheduledUntil <= nowMs;
  if (row.status === "scheduled" && row.scheduledFor != null && row.scheduledFor <= nowMs)
    return ended ? "completed" : "in_progress";
  if (ACTIVE_MAINTENANCE.has(row.status) && ended) return "completed";
  return row.status;
}
