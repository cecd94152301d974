import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import type { z } from "zod";
import { type ComponentRow, listComponentGroups, listComponents } from "../data/components";
import {
  lastIncidentChange,
  listOpenMaintenances,
  listRecentIncidents,
  listRecentMaintenances,
  listUnresolvedIncidents,
} from "../data/incidents";
import { type Database, database } from "../db/client";
import { maintenanceStatusAt } from "../domain/maintenance";
import { type IncidentImpact, overallIndicator } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { AppEnv } from "../env";
import { documented } from "../lib/openapi-route";
import {
  componentsResponseSchema,
  incidentsResponseSchema,
  maintenancesResponseSchema,
  statusResponseSchema,
  summarySchema,
} from "../schemas/statuspage";
import { pageContext } from "../serializers/page-context";
import {
  componentListJson,
  incidentJson,
  maintenanceJson,
  type PageContext,
  pageJson,
} from "../serializers/statuspage";

/**
 * The Statuspage v2 public API (https://developer.statuspage.io/#tag/pages),
 * same paths, field names and enums, so existing widgets and aggregators work
 * unchanged. Public, cacheable for 30 s, CORS open, ETag/304.
 */
export const statuspageRouter = new OpenAPIHono<AppEnv>();

export const PUBLIC_CACHE_CONTROL = "public, max-age=30";

/** After the handler: a short shared cache, and a language-dependent body. */
const cacheHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.ok) {
    c.res.headers.set("Cache-Control", PUBLIC_CACHE_CONTROL);
    c.res.headers.append("Vary", "Accept-Language");
  }
};

statuspageRouter.use(
  "/api/v2/*",
  cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag"], maxAge: 86400 }),
);
// A 304 must still carry the CORS header, or browsers reject the revalidation.
statuspageRouter.use(
  "/api/v2/*",
  etag({ retainedHeaders: [...RETAINED_304_HEADERS, "access-control-allow-origin", "access-control-expose-headers"] }),
);
statuspageRouter.use("/api/v2/*", cacheHeaders);

interface Loaded {
  db: Database;
  ctx: PageContext;
  now: number;
  components: ComponentRow[];
  byId: Map<string, ComponentRow>;
  updatedAt: number;
}

async function load(c: Context<AppEnv>): Promise<Loaded> {
  const db = database(c.env.DB);
  const [components, lastChange] = await Promise.all([listComponents(db), lastIncidentChange(db)]);
  const updatedAt = Math.max(lastChange, ...components.map((row) => row.updatedAt));
  return {
    db,
    ctx: pageContext(c),
    now: Date.now(),
    components,
    byId: new Map(components.map((row) => [row.id, row])),
    updatedAt,
  };
}

async function unresolved(l: Loaded) {
  return (await listUnresolvedIncidents(l.db)).map((view) => incidentJson(view, l.byId, l.ctx));
}

/** Maintenance that is upcoming or running by the clock (not completed or cancelled). */
async function openMaintenances(l: Loaded) {
  return (await listOpenMaintenances(l.db, l.now))
    .filter((view) => maintenanceStatusAt(view, l.now) !== "completed")
    .map((view) => maintenanceJson(view, l.byId, l.ctx, l.now));
}

function status(l: Loaded, incidents: { impact: IncidentImpact }[]) {
  return overallIndicator(
    l.components.map((row) => row.status as ComponentStatus),
    incidents.map((i) => i.impact),
  );
}

function jsonRoute(path: string, summary: string, description: string, schema: z.ZodType): RouteConfig {
  return {
    method: "get",
    path,
    tags: ["Status API (Statuspage v2)"],
    summary,
    description,
    responses: {
      200: { description: "OK (Cache-Control: public, max-age=30; ETag)", content: { "application/json": { schema } } },
      304: { description: "Not modified (If-None-Match matched the ETag)" },
    },
  };
}

documented(
  statuspageRouter,
  jsonRoute(
    "/api/v2/summary.json",
    "Summary",
    "Page, overall status, components, unresolved incidents and upcoming or in-progress maintenance.",
    summarySchema,
  ),
  async (c) => {
    const l = await load(c);
    const groups = await listComponentGroups(l.db);
    const [incidents, maintenances] = await Promise.all([unresolved(l), openMaintenances(l)]);
    return c.json({
      page: pageJson(l.ctx, l.updatedAt),
      status: status(l, incidents),
      components: componentListJson(l.components, groups, l.ctx),
      incidents,
      scheduled_maintenances: maintenances,
    });
  },
);

documented(
  statuspageRouter,
  jsonRoute("/api/v2/status.json", "Status", "The overall indicator and its description.", statusResponseSchema),
  async (c) => {
    const l = await load(c);
    return c.json({ page: pageJson(l.ctx, l.updatedAt), status: status(l, await unresolved(l)) });
  },
);

documented(
  statuspageRouter,
  jsonRoute(
    "/api/v2/components.json",
    "Components",
    "Every component (groups as components with `group: true`), with `status_source`.",
    componentsResponseSchema,
  ),
  async (c) => {
    const l = await load(c);
    const groups = await listComponentGroups(l.db);
    return c.json({ page: pageJson(l.ctx, l.updatedAt), components: componentListJson(l.components, groups, l.ctx) });
  },
);

documented(
  statuspageRouter,
  jsonRoute(
    "/api/v2/incidents.json",
    "Incidents",
    "The 50 most recent incidents, resolved or not.",
    incidentsResponseSchema,
  ),
  async (c) => {
    const l = await load(c);
    const incidents = (await listRecentIncidents(l.db, 50)).map((view) => incidentJson(view, l.byId, l.ctx));
    return c.json({ page: pageJson(l.ctx, l.updatedAt), incidents });
  },
);

documented(
  statuspageRouter,
  jsonRoute(
    "/api/v2/incidents/unresolved.json",
    "Unresolved incidents",
    "Incidents in investigating, identified or monitoring.",
    incidentsResponseSchema,
  ),
  async (c) => {
    const l = await load(c);
    return c.json({ page: pageJson(l.ctx, l.updatedAt), incidents: await unresolved(l) });
  },
);

documented(
  statuspageRouter,
  jsonRoute(
    "/api/v2/scheduled-maintenances.json",
    "Scheduled maintenances",
    "The 50 most recent scheduled maintenances.",
    maintenancesResponseSchema,
  ),
  async (c) => {
    const l = await load(c);
    const list = (await listRecentMaintenances(l.db, 50)).map((view) => maintenanceJson(view, l.byId, l.ctx, l.now));
    return c.json({ page: pageJson(l.ctx, l.updatedAt), scheduled_maintenances: list });
  },
);

documented(
  statuspageRouter,
  jsonRoute(
    "/api/v2/scheduled-maintenances/upcoming.json",
    "Upcoming maintenances",
    "Maintenance in the `scheduled` state.",
    maintenancesResponseSchema,
  ),
  async (c) => {
    const l = await load(c);
    const list = (await openMaintenances(l)).filter((m) => m.status === "scheduled");
    return c.json({ page: pageJson(l.ctx, l.updatedAt), scheduled_maintenances: list });
  },
);

documented(
  statuspageRouter,
  jsonRoute(
    "/api/v2/scheduled-maintenances/active.json",
    "Active maintenances",
    "Maintenance in the `in_progress` or `verifying` state.",
    maintenancesResponseSchema,
  ),
  async (c) => {
    const l = await load(c);
    const list = (await openMaintenances(l)).filter((m) => m.status === "in_progress" || m.status === "verifying");
    return c.json({ page: pageJson(l.ctx, l.updatedAt), scheduled_maintenances: list });
  },
);
