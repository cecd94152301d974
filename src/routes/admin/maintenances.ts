import { OpenAPIHono, z } from "@hono/zod-openapi";
import { listComponents } from "../../data/components";
import {
  cancelMaintenance,
  findIncident,
  listIncidentsForAdmin,
  scheduleMaintenance,
  updateMaintenance,
} from "../../data/incidents";
import type { AppEnv } from "../../env";
import { ApiError } from "../../lib/errors";
import { documented } from "../../lib/openapi-route";
import {
  adminIncidentSchema,
  cancelSchema,
  maintenanceComponentIds,
  maintenanceCreateSchema,
  maintenanceUpdateSchema,
} from "../../schemas/admin";
import { adminRoute, body, db, incidentOut, notify, optionalBody } from "./common";

/**
 * Scheduled maintenance. Bodies use Statuspage's `{"incident": {...}}` shape
 * for scheduled incidents; `in_progress` and `completed` follow the clock
 * (the cron), and operators may still set a status by hand.
 */
export const adminMaintenancesRouter = new OpenAPIHono<AppEnv>();
const TAG = "Admin: maintenance";
const one = { status: 200, schema: adminIncidentSchema };
const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

documented(
  adminMaintenancesRouter,
  adminRoute("get", "/api/admin/maintenances", "List maintenance, cancelled included", {
    tag: TAG,
    ok: { status: 200, schema: z.array(adminIncidentSchema) },
  }),
  async (c) => {
    const [views, components] = await Promise.all([
      listIncidentsForAdmin(db(c), { type: "maintenance" }),
      listComponents(db(c)),
    ]);
    return c.json(await Promise.all(views.map((v) => incidentOut(c, v, components))));
  },
);

documented(
  adminMaintenancesRouter,
  adminRoute("post", "/api/admin/maintenances", "Schedule maintenance", {
    tag: TAG,
    body: maintenanceCreateSchema,
    ok: { status: 201, schema: adminIncidentSchema, description: "The maintenance" },
  }),
  async (c) => {
    const { incident: input } = await body(c, maintenanceCreateSchema);
    const result = await scheduleMaintenance(db(c), {
      name: input.name,
      body: input.body,
      scheduledFor: ms(input.scheduled_for)!,
      scheduledUntil: ms(input.scheduled_until)!,
      components: maintenanceComponentIds(input) ?? [],
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 201);
  },
);

documented(
  adminMaintenancesRouter,
  adminRoute("get", "/api/admin/maintenances/{id}", "One maintenance with its timeline", { tag: TAG, ok: one }),
  async (c) => {
    const view = await findIncident(db(c), c.req.param("id")!);
    if (view?.type !== "maintenance") throw new ApiError(404, "not_found", "No such maintenance");
    return c.json(await incidentOut(c, view));
  },
);

documented(
  adminMaintenancesRouter,
  adminRoute("patch", "/api/admin/maintenances/{id}", "Update maintenance: text, window, components or status", {
    tag: TAG,
    body: maintenanceUpdateSchema,
    ok: one,
    conflict: "Already completed or cancelled",
  }),
  async (c) => {
    const { incident: input } = await body(c, maintenanceUpdateSchema);
    const result = await updateMaintenance(db(c), c.req.param("id")!, {
      name: input.name,
      body: input.body,
      status: input.status,
      scheduledFor: ms(input.scheduled_for),
      scheduledUntil: ms(input.scheduled_until),
      components: maintenanceComponentIds(input),
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident));
  },
);

documented(
  adminMaintenancesRouter,
  adminRoute("post", "/api/admin/maintenances/{id}/cancel", "Cancel maintenance", {
    tag: TAG,
    body: cancelSchema,
    ok: one,
    conflict: "Already completed or cancelled",
  }),
  async (c) => {
    const { incident: input } = await optionalBody(c, cancelSchema);
    const result = await cancelMaintenance(db(c), c.req.param("id")!, { body: input.body });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident));
  },
);
