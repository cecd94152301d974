import { advanceMaintenances } from "../data/incidents";
import { database } from "../db/client";
import type { Env } from "../env";
import { deliverDue, dispatch } from "./deliver";

/** Cron: retries webhook deliveries that are due (backoff is in the delivery's next_attempt_at). */
export async function webhookRetryJob(env: Env, now = Date.now()): Promise<unknown> {
  return deliverDue(database(env.DB), (r) => fetch(r), now);
}

/** Cron: maintenance follows the clock (starts and completes), and subscribers hear of it. */
export async function maintenanceClockJob(env: Env, now = Date.now()): Promise<unknown> {
  const events = await advanceMaintenances(database(env.DB), now);
  await dispatch(env, events);
  return events.length;
}
