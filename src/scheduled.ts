import type { Env } from "./env";
import { probeJobs } from "./probes/jobs";

/**
 * The cron (every minute, see wrangler.toml). Each job runs on its own so one
 * failing job never stops the others; later issues add the detector, probes,
 * rollups, retention and webhook retries here.
 */
export type ScheduledJob = (env: Env, controller: ScheduledController, ctx: ExecutionContext) => Promise<unknown>;

export const scheduledJobs: ScheduledJob[] = [probeJobs.run, probeJobs.rollup, probeJobs.retention];

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const results = await Promise.allSettled(scheduledJobs.map((job) => job(env, controller, ctx)));
  for (const result of results) if (result.status === "rejected") console.error("scheduled job failed", result.reason);
}
