import { deleteReporterKeysBefore } from "../data/reporter-keys";
import { deleteReportsReceivedBefore } from "../data/reports";
import { database } from "../db/client";
import type { Env } from "../env";
import { utcDay } from "../lib/fingerprint";
import { DAY_MS } from "../lib/time";

export const DEFAULT_REPORT_RETENTION_DAYS = 30;

export function reportRetentionDays(env: Pick<Env, "REPORT_RETENTION_DAYS">): number {
  const days = Number(env.REPORT_RETENTION_DAYS);
  return Number.isFinite(days) && days >= 1 ? days : DEFAULT_REPORT_RETENTION_DAYS;
}

/**
 * Cron job: raw reports older than REPORT_RETENTION_DAYS are deleted; the
 * per-minute rollups (no fingerprints, no text) are kept for charts and baselines.
 */
export async function reportRetentionJob(
  env: Env,
  controller: Pick<ScheduledController, "scheduledTime">,
): Promise<number> {
  const cutoff = controller.scheduledTime - reportRetentionDays(env) * DAY_MS;
  return deleteReportsReceivedBefore(database(env.DB), cutoff);
}
