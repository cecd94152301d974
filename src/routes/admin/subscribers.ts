import { createRoute, z } from "@hono/zod-openapi";
import { subscriberCounts } from "../../data/subscribers";
import { CHANNELS } from "../../domain/subscriptions";
import { createRouter } from "../../http/openapi";
import { serviceQuerySchema } from "../../schemas/admin";
import { admin, adminErrors, adminServiceId, jsonAnswer } from "./common";

/**
 * Subscribers as the console shows them, mounted at /api/admin/subscribers:
 * counts per channel, confirmed and pending. Never an address: operators
 * have no need of them, and what is not shown cannot leak from here.
 */
export const adminSubscribersRouter = createRouter();

const countsSchema = z
  .object({
    service_id: z.string(),
    channels: z.array(
      z.object({
        channel: z.enum(CHANNELS),
        confirmed: z.number().int().openapi({ description: "Active (push is active at sign-up)" }),
        pending: z.number().int().openapi({ description: "Waiting for their confirmation link" }),
      }),
    ),
    total: z.object({ confirmed: z.number().int(), pending: z.number().int() }),
  })
  .openapi("AdminSubscriberCounts");

adminSubscribersRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminSubscriberCounts",
    summary: "How many subscribe, per channel (counts only, never addresses)",
    ...admin("Admin: subscribers"),
    request: { query: serviceQuerySchema },
    responses: { 200: jsonAnswer(countsSchema), ...adminErrors() },
  }),
  async (c) => {
    const serviceId = await adminServiceId(c, c.req.valid("query").service, "service");
    const channels = await subscriberCounts(c.get("db"), serviceId);
    const total = channels.reduce(
      (sum, row) => ({ confirmed: sum.confirmed + row.confirmed, pending: sum.pending + row.pending }),
      { confirmed: 0, pending: 0 },
    );
    c.header("Cache-Control", "no-store");
    return c.json({ service_id: serviceId, channels, total }, 200);
  },
);
