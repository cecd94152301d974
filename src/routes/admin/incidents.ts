import { createRoute, z } from "@hono/zod-openapi";
import {
  addIncidentUpdate,
  confirmIncident,
  createIncident,
  dismissIncident,
  mergeIncident,
} from "../../data/incident-writes";
import { findIncident, listIncidentsForAdmin } from "../../data/incidents";
import { kindOfCause } from "../../domain/incidents";
import type { AppContext } from "../../http/context";
import { ApiError } from "../../http/errors";
import { createRouter } from "../../http/openapi";
import {
  adminIncidentSchema,
  incidentCreateSchema,
  incidentListQuerySchema,
  incidentUpdateSchema,
  mergeSchema,
  reviewSchema,
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

/** Incidents, mounted at /api/admin/incidents: declare, update through the lifecycle, review detected ones. */
export const adminIncidentsRouter = createRouter();
const TAG = "Admin: incidents";
const CLOSED = "The incident was merged or dismissed";

async function existing(c: AppContext, id: string) {
  const view = await findIncident(c.get("db"), id);
  if (view?.type !== "incident") throw new ApiError(404, "not_found", `No incident with id "${id}"`);
  return view;
}

adminIncidentsRouter.openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "adminListIncidents",
    summary: "List incidents and maintenance, hidden reviews included",
    ...admin(TAG),
    request: { query: incidentListQuerySchema },
    responses: { 200: jsonAnswer(z.array(adminIncidentSchema)), ...adminErrors() },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const views = await listIncidentsForAdmin(c.get("db"), {
      serviceId: query.service,
      type: query.type,
      open: query.open === "true",
      review: query.review,
      limit: query.limit,
    });
    return c.json(await incidentsOut(c, views), 200);
  },
);

adminIncidentsRouter.openapi(
  createRoute({
    method: "post",
    path: "/",
    operationId: "adminCreateIncident",
    summary: "Declare an incident",
    ...admin(TAG, { body: "required" }),
    request: { body: jsonBody(incidentCreateSchema) },
    responses: { 201: jsonAnswer(adminIncidentSchema, "The incident"), ...adminErrors() },
  }),
  async (c) => {
    const { incident: input } = c.req.valid("json");
    const result = await createIncident(c.get("db"), {
      serviceId: await adminServiceId(c, input.service_id, "incident.service_id"),
      name: input.name,
      status: input.status,
      body: input.body,
      impactOverride: input.impact_override,
      components: input.components,
      source: "declared",
      // A declared outage keeps no kind, as before; a restriction is stored as the detector stores its waves.
      detectedKind: input.cause === "account_restriction" ? kindOfCause(input.cause) : undefined,
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 201);
  },
);

adminIncidentsRouter.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    operationId: "adminGetIncident",
    summary: "One incident with its whole timeline",
    ...admin(TAG),
    request: { params: idParam },
    responses: { 200: jsonAnswer(adminIncidentSchema), ...adminErrors() },
  }),
  async (c) => c.json(await incidentOut(c, await existing(c, c.req.valid("param").id)), 200),
);

adminIncidentsRouter.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    operationId: "adminUpdateIncident",
    summary: "Post an update (status, text, component statuses); resolving restores components",
    ...admin(TAG, { body: "required" }),
    request: { params: idParam, body: jsonBody(incidentUpdateSchema) },
    responses: { 200: jsonAnswer(adminIncidentSchema), ...adminErrors([409, CLOSED]) },
  }),
  async (c) => {
    const { incident: input } = c.req.valid("json");
    const result = await addIncidentUpdate(c.get("db"), c.req.valid("param").id, {
      status: input.status,
      body: input.body,
      name: input.name,
      impactOverride: input.impact_override,
      components: input.components,
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 200);
  },
);

adminIncidentsRouter.openapi(
  createRoute({
    method: "post",
    path: "/{id}/confirm",
    operationId: "adminConfirmIncident",
    summary: "Confirm a detected incident",
    ...admin(TAG, { body: "optional" }),
    request: { params: idParam, body: jsonBody(reviewSchema, false) },
    responses: {
      200: jsonAnswer(adminIncidentSchema),
      ...adminErrors([409, "Not detected, or already dismissed or merged"]),
    },
  }),
  async (c) => {
    const input = c.req.valid("json").incident ?? {};
    const result = await confirmIncident(c.get("db"), c.req.valid("param").id, {
      body: input.body,
      status: input.status,
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 200);
  },
);

adminIncidentsRouter.openapi(
  createRoute({
    method: "post",
    path: "/{id}/dismiss",
    operationId: "adminDismissIncident",
    summary: "Dismiss a detected incident (a false alarm): hidden, components restored",
    ...admin(TAG, { body: "optional" }),
    request: { params: idParam, body: jsonBody(reviewSchema, false) },
    responses: {
      200: jsonAnswer(adminIncidentSchema),
      ...adminErrors([409, "Not detected, or already dismissed or merged"]),
    },
  }),
  async (c) => {
    const input = c.req.valid("json").incident ?? {};
    const result = await dismissIncident(c.get("db"), c.req.valid("param").id, { body: input.body });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 200);
  },
);

adminIncidentsRouter.openapi(
  createRoute({
    method: "post",
    path: "/{id}/merge",
    operationId: "adminMergeIncident",
    summary: "Merge an incident into another (e.g. a detection into a declared incident)",
    ...admin(TAG, { body: "required" }),
    request: { params: idParam, body: jsonBody(mergeSchema) },
    responses: {
      200: jsonAnswer(adminIncidentSchema),
      ...adminErrors([409, "Already dismissed or merged, or the target is"]),
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const result = await mergeIncident(c.get("db"), c.req.valid("param").id, input.into, { body: input.body });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 200);
  },
);
