import { createRoute } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { componentUptime } from "../data/uptime";
import { snapshotOf } from "../http/context";
import { ApiError } from "../http/errors";
import { cachedRoute, createRouter, errorResponses, idParam, langQuery, PUBLIC } from "../http/openapi";
import { uptimeQuerySchema, uptimeSchema } from "../schemas/stats";

/** Per-component data Statuspage has not got, mounted at /api/components. Public, CORS open. */
export const componentsRouter = createRouter();

componentsRouter.use("*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag"] }));

componentsRouter.openapi(
  cachedRoute(
    createRoute({
      method: "get",
      path: "/{id}/uptime",
      operationId: "getComponentUptime",
      tags: ["Status API (our own)"],
      summary: "Daily uptime of one component (probes, incidents and maintenance folded in), oldest day first",
      security: PUBLIC,
      request: {
        params: idParam,
        query: uptimeQuerySchema.extend({ lang: langQuery }),
      },
      responses: {
        200: { description: "OK", content: { "application/json": { schema: uptimeSchema } } },
        ...errorResponses([400, "Bad days"], [404, "No such component"]),
      },
    }),
  ),
  async (c) => {
    const { days } = c.req.valid("query");
    const component = (await snapshotOf(c)).componentsById.get(c.req.valid("param").id);
    if (!component) throw new ApiError(404, "not_found", "No such component");
    const timeZone = c.get("service").timeZone;
    const [uptime] = await componentUptime(c.get("db"), {
      componentIds: [component.id],
      days,
      nowMs: c.get("now"),
      timeZone,
    });
    c.header("Cache-Control", "public, max-age=60");
    return c.json(
      {
        component_id: component.id,
        uptime_pct: uptime?.uptime_pct ?? 100,
        time_zone: timeZone,
        status: component.status,
        status_source: component.statusSource,
        days: uptime?.days ?? [],
      },
      200,
    );
  },
);
