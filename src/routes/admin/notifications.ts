import { createRoute, z } from "@hono/zod-openapi";
import { type DeadLetter, listDeadLetters, listOutbox, type OutboxRow } from "../../data/notifications";
import { pageOf } from "../../http/context";
import { createRouter } from "../../http/openapi";
import { toIso } from "../../lib/time";
import { retryDeadLetter } from "../../notify/retry";
import {
  deadLetterQuerySchema,
  notificationSchema,
  outboxMailSchema,
  outboxQuerySchema,
} from "../../schemas/notifications";
import { admin, adminErrors, idParam, jsonAnswer } from "./common";

/**
 * Subscriber notifications for operators, mounted at /api/admin/notifications:
 * the dead letters and their retry. What they show of a subscriber is its id
 * and channel, never its address.
 */
export const adminNotificationsRouter = createRouter();
/** The e-mail outbox, mounted at /api/admin/outbox. */
export const adminOutboxRouter = createRouter();
const TAG = "Admin: notifications";

function notificationOut(row: DeadLetter & { state?: string }) {
  return {
    id: row.id,
    notice_key: row.noticeKey,
    service_id: row.serviceId,
    channel: row.channel,
    subscriber_id: row.subscriberId,
    state: (row.state ?? "failed") as z.infer<typeof notificationSchema>["state"],
    attempts: row.attempts,
    last_error: row.lastError,
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
  };
}

/**
 * The outbox shows the recipient in full: it is mail no sender took, kept for
 * the operator to send by hand or to see what would have gone out, which a
 * masked address would defeat. Only the bearer of the admin token sees it.
 */
function outboxOut(row: OutboxRow) {
  return {
    id: row.id,
    subscriber_id: row.subscriberId,
    to: row.to,
    subject: row.subject,
    text: row.text,
    created_at: toIso(row.createdAt)!,
  };
}

adminNotificationsRouter.openapi(
  createRoute({
    method: "get",
    path: "/failed",
    operationId: "adminListFailedNotifications",
    summary: "Dead letters: notifications given up after their last attempt, the latest first",
    ...admin(TAG),
    request: { query: deadLetterQuerySchema },
    responses: { 200: jsonAnswer(z.array(notificationSchema)), ...adminErrors() },
  }),
  async (c) => {
    const { service, limit } = c.req.valid("query");
    const rows = await listDeadLetters(c.get("db"), { serviceId: service, limit });
    return c.json(rows.map(notificationOut), 200);
  },
);

adminNotificationsRouter.openapi(
  createRoute({
    method: "post",
    path: "/{id}/retry",
    operationId: "adminRetryNotification",
    summary: "Send a dead letter again (its notice rebuilt as things stand now)",
    ...admin(TAG),
    request: { params: idParam },
    responses: {
      202: jsonAnswer(notificationSchema, "Queued again"),
      ...adminErrors(
        [409, "Not a dead letter, or what it was about is gone"],
        [503, "The notification queue is not bound"],
      ),
    },
  }),
  async (c) => {
    const row = await retryDeadLetter(c.get("db"), c.env, c.req.valid("param").id, pageOf(c).url, c.get("now"));
    return c.json(notificationOut(row), 202);
  },
);

adminOutboxRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListOutbox",
    summary: "E-mail kept because no sender is configured, the latest first",
    ...admin(TAG),
    request: { query: outboxQuerySchema },
    responses: { 200: jsonAnswer(z.array(outboxMailSchema)), ...adminErrors() },
  }),
  async (c) => c.json((await listOutbox(c.get("db"), c.req.valid("query").limit ?? 50)).map(outboxOut), 200),
);
