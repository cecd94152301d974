import { deleteExpiredUnconfirmed } from "../data/subscribers";
import { database } from "../db/client";
import type { Env } from "../env";

/**
 * Cron job: sign-ups whose confirmation link expired unused (CONFIRM_TTL_MS
 * after the last confirmation sent) are deleted with everything about them,
 * so an address nobody confirmed is not kept. Confirmed subscriptions stay
 * until they are unsubscribed.
 */
export async function subscriberExpiryJob(
  env: Env,
  controller: Pick<ScheduledController, "scheduledTime">,
): Promise<number> {
  return deleteExpiredUnconfirmed(database(env.DB), controller.scheduledTime);
}
