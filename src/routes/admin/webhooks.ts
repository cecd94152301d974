import { createRoute, z } from "@hono/zod-openapi";
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
import { webhookUrlProblem } from "../../domain/webhook-url";
import type { Env } from "../../env";
import { ApiError } from "../../http/errors";
import { createRouter } from "../../http/openapi";
import { toIso } from "../../lib/time";
import {
  deliverySchema,
  serviceQuerySchema,
  webhookCreatedSchema,
  webhookCreateSchema,
  webhookSchema,
  webhookUpdateSchema,
} from "../../schemas/admin";
import { webhookUrlPolicy } from "../../webhooks/deliver";
import { admin, adminErrors, adminServiceId, idParam, jsonAnswer, jsonBody } from "./common";

/** Webhook endpoints and their delivery log, mounted at /api/admin/webhooks. The signing secret is shown once. */
export const adminWebhooksRouter = createRouter();
const TAG = "Admin: webhooks";

function webhookOut(row: WebhookRow) {
  return {
    id: row.id,
    service_id: row.serviceId,
    url: row.url,
    events: row.events ?? null,
    enabled: row.enabled,
    consecutive_failures: row.consecutiveFailures,
    created_at: toIso(row.createdAt)!,
    updated_at: toIso(row.updatedAt)!,
  };
}

/** The URL rules under this Worker's policy (the schema let local-development hosts through; see schemas/admin.ts). */
function checkUrl(env: Env, url: string | undefined): void {
  const problem = url === undefined ? null : webhookUrlProblem(url, webhookUrlPolicy(env));
  if (problem) throw new ApiError(400, "invalid_field", `webhook.url: ${problem}`, "webhook.url");
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

adminWebhooksRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListWebhooks",
    summary: "List webhooks",
    ...admin(TAG),
    request: { query: serviceQuerySchema },
    responses: { 200: jsonAnswer(z.array(webhookSchema)), ...adminErrors() },
  }),
  async (c) => c.json((await listWebhooks(c.get("db"), c.req.valid("query").service)).map(webhookOut), 200),
);

adminWebhooksRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminCreateWebhook",
    summary: "Register a webhook URL (answers the signing secret, once)",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(webhookCreateSchema) },
    responses: { 201: jsonAnswer(webhookCreatedSchema), ...adminErrors() },
  }),
  async (c) => {
    const { webhook: input } = c.req.valid("json");
    checkUrl(c.env, input.url);
    const serviceId = await adminServiceId(c, input.service_id, "webhook.service_id");
    const row = await createWebhook(c.get("db"), { serviceId, url: input.url, events: input.events });
    return c.json({ ...webhookOut(row), secret: row.secret }, 201);
  },
);

adminWebhooksRouter.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "adminUpdateWebhook",
    summary: "Change a webhook's URL or events, or enable/disable it",
    ...admin(TAG, { body: "required" }),
    request: { params: idParam, body: jsonBody(webhookUpdateSchema) },
    responses: { 200: jsonAnswer(webhookSchema), ...adminErrors() },
  }),
  async (c) => {
    const { webhook: input } = c.req.valid("json");
    checkUrl(c.env, input.url);
    return c.json(webhookOut(await updateWebhook(c.get("db"), c.req.valid("param").id, input)), 200);
  },
);

adminWebhooksRouter.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    operationId: "adminDeleteWebhook",
    summary: "Delete a webhook and its delivery log",
    ...admin(TAG),
    request: { params: idParam },
    responses: { 204: { description: "Deleted" }, ...adminErrors() },
  }),
  async (c) => {
    await deleteWebhook(c.get("db"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);

adminWebhooksRouter.openapi(
  createRoute({
    method: "get",
    path: "/{id}/deliveries",
    operationId: "adminListWebhookDeliveries",
    summary: "The delivery log, newest first",
    ...admin(TAG),
    request: { params: idParam },
    responses: { 200: jsonAnswer(z.array(deliverySchema)), ...adminErrors() },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    if (!(await findWebhook(c.get("db"), id))) throw new ApiError(404, "not_found", `No webhook with id "${id}"`);
    return c.json((await listDeliveries(c.get("db"), id)).map(deliveryOut), 200);
  },
);
