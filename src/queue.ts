import type { Env } from "./env";
import { consumeNotifyBatch } from "./notify/consumer";
import { NOTIFY_QUEUE_NAME } from "./notify/queue-messages";
import { consumeReportBatch } from "./services/report-queue";

/**
 * The Worker's queue handler: one Worker consumes both queues of wrangler.toml,
 * each batch by the consumer of the queue it came from. The notification queue
 * (`paystatus-notify`) goes to src/notify/consumer.ts; any other queue is the
 * report queue (src/services/report-queue.ts), whatever it was named, as before.
 */
export async function queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === NOTIFY_QUEUE_NAME) return consumeNotifyBatch(batch, env);
  return consumeReportBatch(batch, env);
}
