import { deleteRecoveriesReceivedBefore } from "../data/recoveries";
import { deleteReporterKeysBefore } from "../data/reporter-keys";
import { deleteReportsReceivedBefore } from "../data/reports";
import { database } from "../db/client";
import type { Env } from "../env";
import { utcDay } from "../lib/fingerprint";
import { DAY_MS } from "../lib/time";

export const DEFAULT_REPORT_RETENTION_DAYS = 30;

/** A day's random hashing key lives this many UTC days (its own and the next), then it is deleted. */
export const REPORTER_KEY_DAYS = 2;

export function reportRetentionDays(env: Pick<Env, "REPORT_RETENTION_DAYS">): number {
  const days = Number(env.REPORT_RETENTION_DAYS);
  return Number.isFinite(days) && days >= 1 ? days : DEFAULT_REPORT_RETENTION_DAYS;
}

/**
 * Cron job: raw reports (and recoveries) older than REPORT_RETENTION_DAYS are deleted; the
 * per-minute rollups (no fingerprints, no text) are kept for charts and
 * baselines. The random keys of days before yesterday are deleted too: today's
 * and yesterday's are all the repeat rule and the rate limits can still need,
 * and without its key nobody can link that day's hashes to addresses.
 */
export async function reportRetentionJob(
  env: Env,
  controller: Pick<ScheduledController, "scheduledTime">,
): Promise<number> {
  const db = database(env.DB);
  const now = controller.scheduledTime;
  await deleteReporterKeysBefore(db, utcDay(now - (REPORTER_KEY_DAYS - 1) * DAY_MS));
  const cutoff = now - reportRetentionDays(env) * DAY_MS;
  // Recoveries ("it works again") carry the same hashes and follow the same retention.
  await deleteRecoveriesReceivedBefore(db, cutoff);
  return deleteReportsReceivedBefore(db, cutoff);
}
