import { OpenAPIHono, z } from "@hono/zod-openapi";
import { listComponents } from "../../data/components";
import {
  addIncidentUpdate,
  confirmIncident,
  createIncident,
  dismissIncident,
  findIncident,
  listIncidentsForAdmin,
  mergeIncident,
} from "../../data/incidents";
import type { AppEnv } from "../../env";
import { validate } from "../../lib/body";
import { ApiError } from "../../lib/errors";
import { documented } from "../../lib/openapi-route";
import {
  adminIncidentSchema,
  incidentCreateSchema,
  incidentListQuerySchema,
  incidentUpdateSchema,
  mergeSchema,
  reviewSchema,
} from "../../schemas/admin";
import { adminRoute, body, db, incidentOut, notify, optionalBody } from "./common";

/** Incidents: declare, update through the lifecycle, review detected ones. */
export const adminIncidentsRouter = new OpenAPIHono<AppEnv>();
const TAG = "Admin: incidents";
const one = { status: 200, schema: adminIncidentSchema };

async function existing(c: Parameters<typeof db>[0], id: string) {
  const view = await findIncident(db(c), id);
  if (view?.type !== "incident") throw new ApiError(404, "not_found", `No incident with id "${id}"`);
  return view;
}

documented(
  adminIncidentsRouter,
  adminRoute("get", "/api/admin/incidents", "List incidents and maintenance, hidden reviews included", {
    tag: TAG,
    query: incidentListQuerySchema,
    ok: { status: 200, schema: z.array(adminIncidentSchema) },
  }),
  async (c) => {
    const query = validate(incidentListQuerySchema, c.req.query());
    const views = await listIncidentsForAdmin(db(c), {
      type: query.type,
      open: query.open === "true",
      review: query.review,
      limit: query.limit,
    });
    const components = await listComponents(db(c));
    return c.json(await Promise.all(views.map((v) => incidentOut(c, v, components))));
  },
);

documented(
  adminIncidentsRouter,
  adminRoute("post", "/api/admin/incidents", "Declare an incident", {
    tag: TAG,
    body: incidentCreateSchema,
    ok: { status: 201, schema: adminIncidentSchema, description: "The incident" },
  }),
  async (c) => {
    const { incident: input } = await body(c, incidentCreateSchema);
    const result = await createIncident(db(c), {
      name: input.name,
      status: input.status,
      body: input.body,
      impactOverride: input.impact_override,
      components: input.components,
      source: "declared",
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident), 201);
  },
);

documented(
  adminIncidentsRouter,
  adminRoute("get", "/api/admin/incidents/{id}", "One incident with its whole timeline", { tag: TAG, ok: one }),
  async (c) => {
    return c.json(await incidentOut(c, await existing(c, c.req.param("id")!)));
  },
);

documented(
  adminIncidentsRouter,
  adminRoute(
    "patch",
    "/api/admin/incidents/{id}",
    "Post an update (status, text, component statuses); resolving restores components",
    {
      tag: TAG,
      body: incidentUpdateSchema,
      ok: one,
      conflict: "The incident was merged or dismissed",
    },
  ),
  async (c) => {
    const { incident: input } = await body(c, incidentUpdateSchema);
    const result = await addIncidentUpdate(db(c), c.req.param("id")!, {
      status: input.status,
      body: input.body,
      name: input.name,
      impactOverride: input.impact_override,
      components: input.components,
    });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident));
  },
);

documented(
  adminIncidentsRouter,
  adminRoute("post", "/api/admin/incidents/{id}/confirm", "Confirm a detected incident", {
    tag: TAG,
    body: reviewSchema,
    ok: one,
    conflict: "Not detected, or already dismissed or merged",
  }),
  async (c) => {
    const { incident: input } = await optionalBody(c, reviewSchema);
    const result = await confirmIncident(db(c), c.req.param("id")!, { body: input.body, status: input.status });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident));
  },
);

documented(
  adminIncidentsRouter,
  adminRoute(
    "post",
    "/api/admin/incidents/{id}/dismiss",
    "Dismiss a detected incident (a false alarm): hidden, components restored",
    {
      tag: TAG,
      body: reviewSchema,
      ok: one,
      conflict: "Not detected, or already dismissed or merged",
    },
  ),
  async (c) => {
    const { incident: input } = await optionalBody(c, reviewSchema);
    const result = await dismissIncident(db(c), c.req.param("id")!, { body: input.body });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident));
  },
);

documented(
  adminIncidentsRouter,
  adminRoute(
    "post",
    "/api/admin/incidents/{id}/merge",
    "Merge an incident into another (e.g. a detection into a declared incident)",
    {
      tag: TAG,
      body: mergeSchema,
      ok: one,
      conflict: "Already dismissed or merged, or the target is",
    },
  ),
  async (c) => {
    const input = await body(c, mergeSchema);
    const result = await mergeIncident(db(c), c.req.param("id")!, input.into, { body: input.body });
    notify(c, result.events);
    return c.json(await incidentOut(c, result.incident));
  },
);
