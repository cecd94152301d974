import type { Env } from "./env";
import { detectorJob } from "./jobs/detector";
import { maintenanceClockJob } from "./jobs/maintenance-clock";
import { mirrorJob } from "./jobs/mirror";
import { probeJobs } from "./jobs/probes";
import { reportRetentionJob } from "./jobs/report-retention";
import { subscriberExpiryJob } from "./jobs/subscriber-expiry";
import { webhookRetryJob } from "./jobs/webhook-retries";
import type { AppFetch } from "./mirror/render";

/**
 * The cron (every minute, see wrangler.toml). Each job runs on its own so one
 * failing or slow job never stops or delays the others (the detector does not
 * wait for this minute's probes; it reads them on the next tick).
 */
export type ScheduledJob = (
  env: Env,
  controller: ScheduledController,
  ctx: ExecutionContext,
  /** The Worker's own app, for jobs that render public pages (the static mirror); src/index.ts passes it. */
  app?: AppFetch,
) => Promise<unknown>;

export const scheduledJobs: ScheduledJob[] = [
  detectorJob,
  probeJobs.run,
  probeJobs.rollup,
  probeJobs.retention,
  reportRetentionJob,
  (env, tick) => maintenanceClockJob(env, tick.scheduledTime),
  (env, tick) => webhookRetryJob(env, tick.scheduledTime),
  subscriberExpiryJob,
  mirrorJob,
];

export async function scheduled(
  controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
  app?: AppFetch,
): Promise<void> {
  // Some callers (e.g. Fetcher.scheduled in tests) hand over a Date here; jobs get epoch ms.
  const tick: ScheduledController = {
    scheduledTime: Number(controller.scheduledTime) || Date.now(),
    cron: controller.cron,
    noRetry: () => controller.noRetry(),
  };
  const results = await Promise.allSettled(scheduledJobs.map((job) => job(env, tick, ctx, app)));
  for (const result of results) if (result.status === "rejected") console.error("scheduled job failed", result.reason);
}
