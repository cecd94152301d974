import { createRoute, z } from "@hono/zod-openapi";
import { findIncident, listIncidentsForAdmin } from "../../data/incidents";
import { cancelMaintenance, scheduleMaintenance, updateMaintenance } from "../../data/maintenance-writes";
import { ApiError } from "../../http/errors";
import { createRouter } from "../../http/openapi";
import {
  adminIncidentSchema,
  cancelSchema,
  maintenanceComponentIds,
  maintenanceCreateSchema,
  maintenanceUpdateSchema,
  serviceQuerySchema,
} from "../../schemas/admin";
import {
  admin,
  adminErrors,
  adminServiceId,
  idParam,
  incidentOut,
  incidentsOut,
  jsonAnswer,
  jsonBody,
  notify,
} from "./common";

/**
 * Scheduled maintenance, mounted at /api/admin/maintenances. Bodies use
 * Statuspage's `{"incident": {...}}` shape for scheduled incidents;
 * `in_progress` and `completed` follow the clock (the cron), and operators
 * may still set a status by hand.
 */
export const adminMaintenancesRouter = createRouter();
const TAG = "Admin: maintenance";
const FINISHED = "Already completed or cancelled";
const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

adminMaintenancesRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListMaintenances",
    summary: "List maintenance, cancelled included",
    ...admin(TAG),
    request: { query: serviceQuerySchema },
    responses: { 200: jsonAnswer(z.array(adminIncidentSchema)), ...adminErrors() },
  }),
  async (c) => {
    const { service } = c.req.valid("query");
    const views = await listIncidentsForAdmin(c.get("db"), { type: "maintenance", serviceId: service });
    return c.json(await incidentsOut(c, views), 200);
  },
);

adminMaintenancesRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminScheduleMaintenance",
    summary: "Schedule maintenance",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(maintenanceCreateSchema) },
    responses: { 201: jsonAnswer(adminIncidentSchema, "The maintenance"), ...adminErrors() },
  }),
  async (c) => {
    const { incident: input } = c.req.valid("json");
    const result = await scheduleMaintenance(c.get("db"), {
      serviceId: await adminServiceId(c, input.service_id, "incident.service_id"),
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

adminMaintenancesRouter.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    operationId: "adminGetMaintenance",
    summary: "One maintenance with its timeline",
    ...admin(TAG),
    request: { params: idParam },
    responses: { 200: jsonAnswer(adminIncidentSchema), ...adminErrors() },
  }),
  async (c) => {
    const view = await findIncident(c.get("db"), c.req.valid("param").id);
    if (view?.type !== "maintenance") throw new ApiError(404, "not_found", "No such maintenance");
    return c.json(await incidentOut(c, view), 200);
  },
);

adminMaintenancesRouter.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "adminUpdateMaintenance",
    summary: "Update maintenance: text, window, components or status",
    ...admin(TAG, { body: "required" }),
    request: { params: idParam, body: jsonBody(maintenanceUpdateSchema) },
    responses: { 200: jsonAnswer(adminIncidentSchema), ...adminErrors([409, FINISHED]) },
  }),
  async (c) => {
    const { incident: input } = c.req.valid("json");
    const result = await updateMaintenance(c.get("db"), c.req.valid("param").id, {
      name: input.name,
      body: input.body,
      status: input.status,
      scheduledFor: ms(input.scheduled_for),
      scheduledUntil: ms(input.scheduled_until),
      components: maintenanceComponentIds(input),
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 200);
  },
);

adminMaintenancesRouter.openapi(
  createRoute({
    method: "post",
    path: "/{id}/cancel",
    operationId: "adminCancelMaintenance",
    summary: "Cancel maintenance",
    ...admin(TAG, { body: "optional" }),
    request: { params: idParam, body: jsonBody(cancelSchema, false) },
    responses: { 200: jsonAnswer(adminIncidentSchema), ...adminErrors([409, FINISHED]) },
  }),
  async (c) => {
    const input = c.req.valid("json").incident ?? {};
    const result = await cancelMaintenance(c.get("db"), c.req.valid("param").id, { body: input.body });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 200);
  },
);
