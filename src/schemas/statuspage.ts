import { z } from "@hono/zod-openapi";
import { IMPACTS, INCIDENT_STATUSES, INDICATORS, MAINTENANCE_STATUSES, STATUS_SOURCES } from "../domain/status";
import { COMPONENT_STATUSES } from "../domain/symptoms";

/**
 * The Statuspage v2 public API's shapes (https://developer.statuspage.io),
 * field for field. They document /api/v2/* in the OpenAPI document and a test
 * validates real responses against that document.
 */

const isoTime = z.string().openapi({ format: "date-time", example: "2026-11-20T08:15:00.000Z" });

export const pageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    time_zone: z.string(),
    updated_at: isoTime,
  })
  .openapi("Page");

export const statusSchema = z
  .object({
    indicator: z.enum(INDICATORS),
    description: z.string().openapi({ example: "All Systems Operational" }),
  })
  .openapi("Status");

export const componentSchema = z
  .object({
    id: z.string().openapi({ example: "online-pay" }),
    name: z.string(),
    status: z.enum(COMPONENT_STATUSES),
    description: z.string().nullable(),
    position: z.number().int(),
    created_at: isoTime,
    updated_at: isoTime,
    page_id: z.string(),
    /** Statuspage lists groups as components with `group: true` and their members in `components`. */
    group: z.boolean(),
    group_id: z.string().nullable(),
    showcase: z.boolean(),
    start_date: z.string().nullable(),
    only_show_if_degraded: z.boolean(),
    components: z.array(z.string()).optional().openapi({ description: "For groups: the ids of their components." }),
    status_source: z.enum(STATUS_SOURCES).openapi({
      description:
        "Not in Statuspage: who set the current status, `detected` (the detector), `declared` (an operator) or `default`.",
    }),
  })
  .openapi("Component");

export const affectedComponentSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    old_status: z.enum(COMPONENT_STATUSES),
    new_status: z.enum(COMPONENT_STATUSES),
  })
  .openapi("AffectedComponent");

export const incidentUpdateSchema = z
  .object({
    id: z.string(),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    body: z.string(),
    incident_id: z.string(),
    created_at: isoTime,
    updated_at: isoTime,
    display_at: isoTime,
    affected_components: z.array(affectedComponentSchema).nullable(),
  })
  .openapi("IncidentUpdate");

const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: isoTime,
  updated_at: isoTime,
  monitoring_at: isoTime.nullable(),
  resolved_at: isoTime.nullable(),
  shortlink: z.string(),
  started_at: isoTime,
  page_id: z.string(),
  incident_updates: z.array(incidentUpdateSchema),
  components: z.array(componentSchema),
};

export const incidentSchema = z
  .object({
    ...incidentFields,
    status: z.enum(INCIDENT_STATUSES),
    impact: z.enum(IMPACTS),
    source: z
      .enum(["declared", "detected"])
      .openapi({ description: "Not in Statuspage: declared by an operator or detected from reports and probes." }),
  })
  .openapi("Incident");

export const scheduledMaintenanceSchema = z
  .object({
    ...incidentFields,
    status: z.enum(MAINTENANCE_STATUSES),
    impact: z.enum([...IMPACTS, "maintenance"]),
    scheduled_for: isoTime.nullable(),
    scheduled_until: isoTime.nullable(),
  })
  .openapi("ScheduledMaintenance");

export const summarySchema = z
  .object({
    page: pageSchema,
    status: statusSchema,
    components: z.array(componentSchema),
    incidents: z.array(incidentSchema),
    scheduled_maintenances: z.array(scheduledMaintenanceSchema),
  })
  .openapi("Summary");

export const statusResponseSchema = z.object({ page: pageSchema, status: statusSchema }).openapi("StatusResponse");
export const componentsResponseSchema = z
  .object({ page: pageSchema, components: z.array(componentSchema) })
  .openapi("ComponentsResponse");
export const incidentsResponseSchema = z
  .object({ page: pageSchema, incidents: z.array(incidentSchema) })
  .openapi("IncidentsResponse");
export const maintenancesResponseSchema = z
  .object({ page: pageSchema, scheduled_maintenances: z.array(scheduledMaintenanceSchema) })
  .openapi("ScheduledMaintenancesResponse");

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .openapi("Error");

export type ComponentJson = z.infer<typeof componentSchema>;
export type IncidentJson = z.infer<typeof incidentSchema>;
export type MaintenanceJson = z.infer<typeof scheduledMaintenanceSchema>;
export type PageJson = z.infer<typeof pageSchema>;
