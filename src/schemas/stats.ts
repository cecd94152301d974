import { z } from "@hono/zod-openapi";
import { STATUS_SOURCES } from "../domain/status";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../lib/time";

/** The public statistics and uptime answers (our own paths, beside the Statuspage API). */

const WINDOW_UNITS = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;

/** "30m", "24h", "7d" as milliseconds. */
export function windowMs(window: string): number {
  return Number(window.slice(0, -1)) * WINDOW_UNITS[window.slice(-1) as keyof typeof WINDOW_UNITS];
}

export const statsQuerySchema = z.object({
  window: z
    .string()
    .regex(/^\d{1,4}[mhd]$/, "like 30m, 24h or 7d")
    .refine((value) => windowMs(value) >= HOUR_MS && windowMs(value) <= 7 * DAY_MS, "between 1h and 7d")
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

export const uptimeQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90).openapi({ example: 90 }),
});

export const uptimeSchema = z
  .object({
    component_id: z.string(),
    uptime_pct: z.number(),
    time_zone: z.string(),
    status: z.string(),
    status_source: z.enum(STATUS_SOURCES),
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
