import { database } from "../db/client";
import type { Env } from "../env";
import { deliverDue, webhookUrlPolicy } from "../webhooks/deliver";

/** Cron: retries webhook deliveries that are due (backoff is in the delivery's next_attempt_at). */
export async function webhookRetryJob(env: Env, now = Date.now()): Promise<unknown> {
  return deliverDue(database(env.DB), (r) => fetch(r), now, undefined, webhookUrlPolicy(env));
}
