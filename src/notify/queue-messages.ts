import { z } from "zod";
import type { Env } from "../env";
import type { Notice } from "./notice";

/**
 * What travels on the notification queue (NOTIFY_QUEUE, `paystatus-notify`):
 *
 * - `notice`: a change to tell. The consumer finds one page of the followers
 *   after `after` (subscriber ids in order), claims a notification row per
 *   follower and sends the next page on as another `notice` message.
 * - `delivery`: one claimed notification, to send through its subscriber's
 *   channel. It carries the notice, so the send needs no read but the row's.
 */
export const NOTIFY_QUEUE_NAME = "paystatus-notify";

export interface NoticeMessage {
  type: "notice";
  notice: Notice;
  /** The last subscriber id of the pages already claimed; null for the first page. */
  after: string | null;
}

export interface DeliveryMessage {
  type: "delivery";
  notificationId: string;
  notice: Notice;
}

export type NotifyMessage = NoticeMessage | DeliveryMessage;

const noticeText = z.object({
  service: z.string().max(200),
  title: z.string().max(1000),
  body: z.string().max(4000),
  status: z.string().max(200),
});

const noticeSchema = z.object({
  key: z.string().min(1).max(300),
  serviceId: z.string().min(1).max(64),
  kind: z.enum(["incident", "maintenance", "component"]),
  incidentId: z.string().max(64).nullable(),
  componentIds: z.array(z.string().max(64)).max(500),
  level: z.enum(["info", "minor", "major", "critical", "maintenance", "resolved"]),
  url: z.string().max(2000),
  serviceUrl: z.string().max(2000),
  at: z.number(),
  text: z.object({ "zh-CN": noticeText, en: noticeText }),
}) satisfies z.ZodType<Notice>;

/** Checked on arrival: a message no deploy of this Worker can read is dropped, not retried forever. */
export const notifyMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("notice"), notice: noticeSchema, after: z.string().max(64).nullable() }),
  z.object({ type: z.literal("delivery"), notificationId: z.string().min(1).max(64), notice: noticeSchema }),
]) satisfies z.ZodType<NotifyMessage>;

export function notifyQueue(env: Pick<Env, "NOTIFY_QUEUE">): Queue<NotifyMessage> | undefined {
  return env.NOTIFY_QUEUE as Queue<NotifyMessage> | undefined;
}

/** Queues take at most 100 messages and 256 KB per sendBatch; this stays below both. */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 200 * 1024;
const encoder = new TextEncoder();

/**
 * Sends every message, in as few sendBatch calls as the limits allow.
 * https://developers.cloudflare.com/queues/platform/limits/
 */
export async function sendAll(queue: Queue<NotifyMessage>, bodies: NotifyMessage[]): Promise<void> {
  let batch: MessageSendRequest<NotifyMessage>[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = encoder.encode(JSON.stringify(body)).length;
    if (batch.length === BATCH_MESSAGES || (batch.length > 0 && bytes + size > BATCH_BYTES)) {
      await queue.sendBatch(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ body, contentType: "json" });
    bytes += size;
  }
  if (batch.length) await queue.sendBatch(batch);
}
