import { OpenAPIHono, z } from "@hono/zod-openapi";
import {
  createWebhook,
  type DeliveryRow,
  deleteWebhook,
  findWebhook,
  listDeliveries,
  listWebhooks,
  updateWebhook,
  type WebhookRow,
} from "../../data/webhooks";
import type { AppEnv } from "../../env";
import { ApiError } from "../../lib/errors";
import { documented } from "../../lib/openapi-route";
import { toIso } from "../../lib/time";
import {
  deliverySchema,
  webhookCreatedSchema,
  webhookCreateSchema,
  webhookSchema,
  webhookUpdateSchema,
} from "../../schemas/admin";
import { adminRoute, body, db } from "./common";

/** Webhook endpoints and their delivery log. The signing secret is shown once, at creation. */
export const adminWebhooksRouter = new OpenAPIHono<AppEnv>();
const TAG = "Admin: webhooks";

function webhookOut(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    events: row.events ?? null,
    enabled: row.enabled,
    consecutive_failures: row.consecutiveFailures,
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
  };
}

function deliveryOut(row: DeliveryRow) {
  return {
    id: row.id,
    event: row.event,
    state: row.state as "pending" | "delivered" | "failed",
    attempts: row.attempts,
    next_attempt_at: toIso(row.nextAttemptAt),
    last_status: row.lastStatus,
    last_error: row.lastError,
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
  };
}

documented(
  adminWebhooksRouter,
  adminRoute("get", "/api/admin/webhooks", "List webhooks", {
    tag: TAG,
    ok: { status: 200, schema: z.array(webhookSchema) },
  }),
  async (c) => c.json((await listWebhooks(db(c))).map(webhookOut)),
);

documented(
  adminWebhooksRouter,
  adminRoute("post", "/api/admin/webhooks", "Register a webhook URL (answers the signing secret, once)", {
    tag: TAG,
    body: webhookCreateSchema,
    ok: { status: 201, schema: webhookCreatedSchema },
  }),
  async (c) => {
    const { webhook: input } = await body(c, webhookCreateSchema);
    const row = await createWebhook(db(c), { url: input.url, events: input.events });
    return c.json({ ...webhookOut(row), secret: row.secret }, 201);
  },
);

documented(
  adminWebhooksRouter,
  adminRoute("patch", "/api/admin/webhooks/{id}", "Change a webhook's URL or events, or enable/disable it", {
    tag: TAG,
    body: webhookUpdateSchema,
    ok: { status: 200, schema: webhookSchema },
  }),
  async (c) => {
    const { webhook: input } = await body(c, webhookUpdateSchema);
    return c.json(webhookOut(await updateWebhook(db(c), c.req.param("id")!, input)));
  },
);

documented(
  adminWebhooksRouter,
  adminRoute("delete", "/api/admin/webhooks/{id}", "Delete a webhook and its delivery log", {
    tag: TAG,
    ok: { status: 204 },
  }),
  async (c) => {
    await deleteWebhook(db(c), c.req.param("id")!);
    return c.body(null, 204);
  },
);

documented(
  adminWebhooksRouter,
  adminRoute("get", "/api/admin/webhooks/{id}/deliveries", "The delivery log, newest first", {
    tag: TAG,
    ok: { status: 200, schema: z.array(deliverySchema) },
  }),
  async (c) => {
    const id = c.req.param("id")!;
    if (!(await findWebhook(db(c), id))) throw new ApiError(404, "not_found", `No webhook with id "${id}"`);
    return c.json((await listDeliveries(db(c), id)).map(deliveryOut));
  },
);
