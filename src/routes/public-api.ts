import { OpenAPIHono, z } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { serviceConfig } from "../config/service";
import { findComponent } from "../data/components";
import { reportStats } from "../data/stats";
import { componentUptime } from "../data/uptime";
import { database } from "../db/client";
import type { AppEnv } from "../env";
import { validate } from "../lib/body";
import { ApiError } from "../lib/errors";
import { documented } from "../lib/openapi-route";
import { DAY_MS, HOUR_MS, MINUTE_MS, toIso } from "../lib/time";
import { errorSchema } from "../schemas/statuspage";

/**
 * What Statuspage has not got, under our own paths: report statistics for
 * charts and per-component uptime. Public, CORS open, cached for a minute.
 */
export const publicApiRouter = new OpenAPIHono<AppEnv>();

for (const path of ["/api/reports/stats", "/api/components/*"]) {
  publicApiRouter.use(path, cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag"] }));
  publicApiRouter.use(path, etag());
}

const WINDOW_UNITS = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;

export const statsQuerySchema = z.object({
  window: z
    .string()
    .regex(/^\d{1,4}[mhd]$/, "like 30m, 24h or 7d")
    .default("24h")
    .openapi({ example: "24h", description: "How far back: 1h to 7d." }),
  component: z.string().max(64).optional().openapi({ description: "One component's reports only." }),
});

const bucketSchema = z.object({
  start: z.string().openapi({ format: "date-time" }),
  technical: z.number().int(),
  account: z.number().int(),
  other: z.number().int().openapi({ description: "Merchant and other symptoms." }),
  usual: z
    .number()
    .openapi({ description: "The usual number of distinct reporters in this bucket (learned baseline)." }),
});

export const statsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    bucket_minutes: z.number().int(),
    component: z.string().nullable(),
    total: z.number().int(),
    buckets: z.array(bucketSchema),
    top_symptoms: z.array(z.object({ symptom: z.string(), reporters: z.number().int() })),
    regions: z.array(z.object({ region: z.string(), reporters: z.number().int() })),
  })
  .openapi("ReportStats");

documented(
  publicApiRouter,
  {
    method: "get",
    path: "/api/reports/stats",
    tags: ["Reports"],
    summary: "Distinct reporters per 5 minutes by symptom class, with the usual level",
    request: { query: statsQuerySchema },
    responses: {
      200: { description: "OK", content: { "application/json": { schema: statsSchema } } },
      400: { description: "Bad window or unknown component", content: { "application/json": { schema: errorSchema } } },
    },
  },
  async (c) => {
    const query = validate(statsQuerySchema, c.req.query());
    const windowMs =
      Number(query.window.slice(0, -1)) * WINDOW_UNITS[query.window.slice(-1) as keyof typeof WINDOW_UNITS];
    if (windowMs < HOUR_MS || windowMs > 7 * DAY_MS)
      throw new ApiError(400, "invalid_field", "window must be between 1h and 7d", "window");
    const db = database(c.env.DB);
    if (query.component && !(await findComponent(db, query.component)))
      throw new ApiError(400, "unknown_component", `No component with id "${query.component}"`, "component");
    const stats = await reportStats(db, { nowMs: Date.now(), windowMs, componentId: query.component });
    c.header("Cache-Control", "public, max-age=60");
    return c.json({
      from: toIso(stats.from)!,
      to: toIso(stats.to)!,
      bucket_minutes: Math.round(stats.bucketMs / MINUTE_MS),
      component: query.component ?? null,
      total: stats.total,
      buckets: stats.buckets.map((b) => ({ ...b, start: toIso(b.start)! })),
      top_symptoms: stats.topSymptoms,
      regions: stats.regions,
    });
  },
);

export const uptimeQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90).openapi({ example: 90 }),
});

export const uptimeSchema = z
  .object({
    component_id: z.string(),
    uptime_pct: z.number(),
    time_zone: z.string(),
    status: z.string(),
    status_source: z.enum(["detected", "declared", "default"]),
    days: z.array(
      z.object({
        day: z.string().openapi({ example: "2026-11-20" }),
        uptime_pct: z.number(),
        worst_status: z.string(),
        downtime_minutes: z.number(),
        degraded_minutes: z.number(),
        maintenance_minutes: z.number(),
        checks: z.number().int(),
        failures: z.number().int(),
        latency_p50: z.number().nullable(),
        latency_p95: z.number().nullable(),
        incidents: z.array(z.object({ id: z.string(), name: z.string(), impact: z.string(), type: z.string() })),
      }),
    ),
  })
  .openapi("ComponentUptime");

documented(
  publicApiRouter,
  {
    method: "get",
    path: "/api/components/{id}/uptime",
    tags: ["Status API (our own)"],
    summary: "Daily uptime of one component (probes, incidents and maintenance folded in), oldest day first",
    request: {
      params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }),
      query: uptimeQuerySchema,
    },
    responses: {
      200: { description: "OK", content: { "application/json": { schema: uptimeSchema } } },
      400: { description: "Bad days", content: { "application/json": { schema: errorSchema } } },
      404: { description: "No such component", content: { "application/json": { schema: errorSchema } } },
    },
  },
  async (c) => {
    const { days } = validate(uptimeQuerySchema, c.req.query());
    const db = database(c.env.DB);
    const component = await findComponent(db, c.req.param("id")!);
    if (!component) throw new ApiError(404, "not_found", "No such component");
    const timeZone = serviceConfig(c.env).timeZone;
    const [uptime] = await componentUptime(db, { componentIds: [component.id], days, nowMs: Date.now(), timeZone });
    c.header("Cache-Control", "public, max-age=60");
    return c.json({
      component_id: component.id,
      uptime_pct: uptime?.uptime_pct ?? 100,
      time_zone: timeZone,
      status: component.status,
      status_source: component.statusSource as "detected" | "declared" | "default",
      days: uptime?.days ?? [],
    });
  },
);
