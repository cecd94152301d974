import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { IncidentView } from "../data/incidents";
import { type AppContext, type AppEnv, pageOf, snapshotOf } from "../http/context";
import { cachedRoute, createRouter, errorResponses, langQuery, PUBLIC } from "../http/openapi";
import { recentHistory, runningMaintenances, type StatusSnapshot, upcomingMaintenances } from "../read-model";
import {
  componentsResponseSchema,
  incidentsResponseSchema,
  maintenancesResponseSchema,
  statusResponseSchema,
  summarySchema,
} from "../schemas/statuspage";
import { componentListJson, incidentJson, maintenanceJson, pageJson } from "../serializers/statuspage";

/**
 * The Statuspage v2 public API (https://developer.statuspage.io/#tag/pages),
 * mounted at /api/v2: same paths, field names and enums, so existing widgets
 * and aggregators work unchanged. Public, cached at the edge, CORS open,
 * ETag/304. Every answer renders from the status snapshot.
 */
export const statuspageRouter = createRouter();

export const PUBLIC_CACHE_CONTROL = "public, max-age=30";

/** After the handler (or the edge cache): a short shared cache, and a language-dependent body. */
const cacheHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.ok || c.res.status === 304) {
    c.res.headers.set("Cache-Control", PUBLIC_CACHE_CONTROL);
    c.res.headers.append("Vary", "Accept-Language");
  }
};

statuspageRouter.use(
  "*",
  cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag"], maxAge: 86400 }),
);
statuspageRouter.use("*", cacheHeaders);

function statusRoute(path: string, operationId: string, summary: string, description: string, schema: z.ZodType) {
  return cachedRoute(
    createRoute({
      method: "get",
      path,
      operationId,
      tags: ["Status API (Statuspage v2)"],
      summary,
      description,
      security: PUBLIC,
      request: { query: z.object({ lang: langQuery }) },
      responses: {
        200: {
          description: "OK (Cache-Control: public, max-age=30; ETag)",
          content: { "application/json": { schema } },
        },
        304: { description: "Not modified (If-None-Match matched the ETag)" },
        ...errorResponses([400, "Unsupported `lang`"]),
      },
    }),
  );
}

function page(c: AppContext, snapshot: StatusSnapshot) {
  return pageJson(pageOf(c), snapshot.updatedAt);
}

function unresolved(c: AppContext, snapshot: StatusSnapshot) {
  return snapshot.incidents.map((view) => incidentJson(view, snapshot.componentsById, pageOf(c)));
}

function maintenances(c: AppContext, snapshot: StatusSnapshot, list: IncidentView[] = snapshot.maintenances) {
  return list.map((view) => maintenanceJson(view, snapshot.componentsById, pageOf(c)));
}

statuspageRouter.openapi(
  statusRoute(
    "/summary.json",
    "getSummary",
    "Summary",
    "Page, overall status, components, unresolved incidents and upcoming or in-progress maintenance.",
    summarySchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    return c.json(
      {
        page: page(c, snapshot),
        status: snapshot.overall,
        components: componentListJson(snapshot, pageOf(c)),
        incidents: unresolved(c, snapshot),
        scheduled_maintenances: maintenances(c, snapshot),
      },
      200,
    );
  },
);

statuspageRouter.openapi(
  statusRoute(
    "/status.json",
    "getStatus",
    "Status",
    "The overall indicator and its description.",
    statusResponseSchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    return c.json({ page: page(c, snapshot), status: snapshot.overall }, 200);
  },
);

statuspageRouter.openapi(
  statusRoute(
    "/components.json",
    "listComponents",
    "Components",
    "Every component (groups as components with `group: true`), with `status_source`.",
    componentsResponseSchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    return c.json({ page: page(c, snapshot), components: componentListJson(snapshot, pageOf(c)) }, 200);
  },
);

statuspageRouter.openapi(
  statusRoute(
    "/incidents.json",
    "listIncidents",
    "Incidents",
    "The 50 most recent incidents, resolved or not.",
    incidentsResponseSchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    const history = await recentHistory(c.get("db"), snapshot);
    const incidents = history.incidents.map((view) => incidentJson(view, snapshot.componentsById, pageOf(c)));
    return c.json({ page: page(c, snapshot), incidents }, 200);
  },
);

statuspageRouter.openapi(
  statusRoute(
    "/incidents/unresolved.json",
    "listUnresolvedIncidents",
    "Unresolved incidents",
    "Incidents in investigating, identified or monitoring.",
    incidentsResponseSchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    return c.json({ page: page(c, snapshot), incidents: unresolved(c, snapshot) }, 200);
  },
);

statuspageRouter.openapi(
  statusRoute(
    "/scheduled-maintenances.json",
    "listScheduledMaintenances",
    "Scheduled maintenances",
    "The 50 most recent scheduled maintenances.",
    maintenancesResponseSchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    const history = await recentHistory(c.get("db"), snapshot);
    return c.json(
      { page: page(c, snapshot), scheduled_maintenances: maintenances(c, snapshot, history.maintenances) },
      200,
    );
  },
);

statuspageRouter.openapi(
  statusRoute(
    "/scheduled-maintenances/upcoming.json",
    "listUpcomingMaintenances",
    "Upcoming maintenances",
    "Maintenance in the `scheduled` state.",
    maintenancesResponseSchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    return c.json(
      { page: page(c, snapshot), scheduled_maintenances: maintenances(c, snapshot, upcomingMaintenances(snapshot)) },
      200,
    );
  },
);

statuspageRouter.openapi(
  statusRoute(
    "/scheduled-maintenances/active.json",
    "listActiveMaintenances",
    "Active maintenances",
    "Maintenance in the `in_progress` or `verifying` state.",
    maintenancesResponseSchema,
  ),
  async (c) => {
    const snapshot = await snapshotOf(c);
    return c.json(
      { page: page(c, snapshot), scheduled_maintenances: maintenances(c, snapshot, runningMaintenances(snapshot)) },
      200,
    );
  },
);
