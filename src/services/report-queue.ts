import { storeReports } from "../data/reports";
import { database } from "../db/client";
import { networkReporterCap } from "../detection/repeat";
import type { NewReport } from "../domain/report";
import type { Env } from "../env";
import { queuedReportSchema } from "../schemas/report";

/** Seconds before a batch that D1 refused is delivered again. */
const RETRY_DELAY_SECONDS = 5;

/**
 * The report queue's consumer (REPORT_INGEST=queue, see docs/scaling.md "Under a
 * crowd"): writes a whole batch of reports in one D1 batch instead of one per
 * request. Delivery is at least once, and storeReports counts a report only
 * when this write stored it, so a redelivered batch changes nothing.
 * https://developers.cloudflare.com/queues/configuration/batching-retries/
 */
export async function consumeReportBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const reports: NewReport[] = [];
  for (const message of batch.messages) {
    const parsed = queuedReportSchema.safeParse(message.body);
    if (parsed.success) {
      reports.push(parsed.data);
    } else {
      // A message no deploy of this Worker can store: retrying would only block the queue.
      console.error("dropping an unreadable queued report", message.id, parsed.error.issues.slice(0, 3));
      message.ack();
    }
  }
  try {
    await storeReports(database(env.DB), reports, { networkCap: networkReporterCap(env.NETWORK_REPORTER_CAP) });
  } catch (error) {
    console.error("storing queued reports failed; the batch will be delivered again", error);
    batch.retryAll({ delaySeconds: RETRY_DELAY_SECONDS });
    return;
  }
  batch.ackAll();
}
