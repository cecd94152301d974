import { advanceMaintenances } from "../data/maintenance-writes";
import { database } from "../db/client";
import type { Env } from "../env";
import { dispatch } from "../webhooks/deliver";

/** Cron: maintenance follows the clock (starts and completes), and subscribers hear of it. */
export async function maintenanceClockJob(env: Env, now = Date.now()): Promise<unknown> {
  const events = await advanceMaintenances(database(env.DB), now);
  await dispatch(env, events);
  return events.length;
}
