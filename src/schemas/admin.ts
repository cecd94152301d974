import { z } from "@hono/zod-openapi";
import { COMPONENT_ID, SERVICE_ID } from "../config/schema";
import { EVENT_TYPES } from "../domain/events";
import { INCIDENT_CAUSES } from "../domain/incidents";
import { IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from "../domain/status";
import { COMPONENT_STATUSES } from "../domain/symptoms";
import { webhookUrlProblem } from "../domain/webhook-url";
import { componentSchema } from "./statuspage";

/**
 * Admin request bodies. Incident and maintenance bodies follow the shape of
 * Statuspage's management API (`{"incident": {...}}`), so its users feel at
 * home; unknown keys inside are ignored, as Statuspage clients send extras
 * (e.g. `deliver_notifications`).
 */

export const SLUG = COMPONENT_ID;
const slug = z
  .string()
  .regex(SLUG, "lowercase letters, digits and dashes, at most 63")
  .openapi({ example: "online-pay" });
const name = z.string().trim().min(1).max(200);
const body = z.string().trim().max(10_000);
const isoTime = z.iso.datetime({ offset: true }).openapi({ example: "2026-12-01T18:00:00+08:00" });
const componentStatus = z.enum(COMPONENT_STATUSES);
/** Which service an admin write is for; the default service (SERVICE_ID) when left out. */
const serviceId = z
  .string()
  .regex(SERVICE_ID, "not a service id")
  .optional()
  .openapi({ description: "The service (default: the default service, SERVICE_ID).", example: "huabei" });

export const incidentCreateSchema = z
  .object({
    incident: z.object({
      service_id: serviceId,
      name,
      cause: z.enum(INCIDENT_CAUSES).default("outage").openapi({
        description:
          "outage: a technical fault; account_restriction: many accounts restricted by a policy or risk-control change (not a technical outage). Reporters of its components are told the account-restriction verdict instead of the outage one.",
      }),
      status: z.enum(INCIDENT_STATUSES).default("investigating"),
      impact_override: z.enum(IMPACTS).optional(),
      body: body.optional(),
      components: z
        .record(slug, componentStatus)
        .optional()
        .openapi({ example: { "online-pay": "major_outage" } }),
    }),
  })
  .openapi("IncidentCreate");

export const incidentUpdateSchema = z
  .object({
    incident: z
      .object({
        name: name.optional(),
        status: z.enum(INCIDENT_STATUSES).optional(),
        impact_override: z.enum(IMPACTS).optional(),
        body: body.optional(),
        components: z
          .record(slug, componentStatus)
          .optional()
          .openapi({ description: "On resolve, components not named here go back to operational." }),
      })
      .refine(
        (i) => i.status || i.body || i.name || i.components || i.impact_override,
        "say what changes: status, body, name, impact_override or components",
      ),
  })
  .openapi("IncidentUpdateInput");

export const reviewSchema = z
  .object({
    incident: z.object({ body: body.optional(), status: z.enum(INCIDENT_STATUSES).optional() }).default({}),
  })
  .openapi("IncidentReview");

export const mergeSchema = z
  .object({ into: z.string().min(1).max(64), body: body.optional() })
  .openapi("IncidentMerge");

const maintenanceComponents = {
  components: z
    .record(slug, z.literal("under_maintenance"))
    .optional()
    .openapi({ example: { repayment: "under_maintenance" } }),
  component_ids: z.array(slug).max(100).optional(),
};

export const maintenanceCreateSchema = z
  .object({
    incident: z.object({
      service_id: serviceId,
      name,
      status: z.literal("scheduled").default("scheduled"),
      body: body.optional(),
      scheduled_for: isoTime,
      scheduled_until: isoTime,
      ...maintenanceComponents,
    }),
  })
  .openapi("MaintenanceCreate");

export const maintenanceUpdateSchema = z
  .object({
    incident: z.object({
      name: name.optional(),
      status: z.enum(MAINTENANCE_STATUSES).optional(),
      body: body.optional(),
      scheduled_for: isoTime.optional(),
      scheduled_until: isoTime.optional(),
      ...maintenanceComponents,
    }),
  })
  .openapi("MaintenanceUpdate");

export const cancelSchema = z
  .object({ incident: z.object({ body: body.optional() }).default({}) })
  .openapi("MaintenanceCancel");

/** Component ids named in a maintenance body, whichever of Statuspage's two forms was used. */
export function maintenanceComponentIds(input: {
  components?: Record<string, string>;
  component_ids?: string[];
}): string[] | undefined {
  if (!input.components && !input.component_ids) return undefined;
  return [...new Set([...Object.keys(input.components ?? {}), ...(input.component_ids ?? [])])];
}

const componentFields = {
  name: name.optional().openapi({ description: "Both languages at once; name_zh / name_en override it." }),
  name_zh: name.optional(),
  name_en: name.optional(),
  description: z.string().trim().max(500).nullable().optional(),
  description_zh: z.string().trim().max(500).nullable().optional(),
  description_en: z.string().trim().max(500).nullable().optional(),
  group_id: slug.nullable().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  status: componentStatus.optional(),
  showcase: z.boolean().optional(),
  only_show_if_degraded: z.boolean().optional(),
};

export const componentCreateSchema = z
  .object({
    component: z
      .object({ id: slug.optional(), service_id: serviceId, ...componentFields })
      .refine((c) => c.name || (c.name_zh && c.name_en), "give name, or both name_zh and name_en"),
  })
  .openapi("ComponentCreate");

export const componentUpdateSchema = z.object({ component: z.object(componentFields) }).openapi("ComponentUpdate");

export const reorderSchema = z.object({ order: z.array(slug).min(1).max(500) }).openapi("Reorder");

export const groupCreateSchema = z
  .object({
    component_group: z
      .object({
        id: slug.optional(),
        service_id: serviceId,
        name: name.optional(),
        name_zh: name.optional(),
        name_en: name.optional(),
        position: z.number().int().min(0).max(10_000).optional(),
        components: z.array(slug).max(500).optional(),
      })
      .refine((g) => g.name || (g.name_zh && g.name_en), "give name, or both name_zh and name_en"),
  })
  .openapi("ComponentGroupCreate");

export const groupUpdateSchema = z
  .object({
    component_group: z.object({
      name: name.optional(),
      name_zh: name.optional(),
      name_en: name.optional(),
      position: z.number().int().min(0).max(10_000).optional(),
      components: z.array(slug).max(500).optional(),
    }),
  })
  .openapi("ComponentGroupUpdate");

/**
 * A webhook URL (src/domain/webhook-url.ts). The loopback hosts of local development pass here; the route
 * checks them again against the Worker's WEBHOOK_ALLOW_HTTP_LOCALHOST, which a static schema cannot see.
 */
const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .superRefine((url, ctx) => {
    const problem = webhookUrlProblem(url, { allowHttpLocalhost: true });
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .openapi({
    description:
      "https only, to a public host name: no IP addresses, no localhost, .local, .internal, .arpa or other private names " +
      "(http://localhost, 127.0.0.1 and [::1] only where the Worker sets WEBHOOK_ALLOW_HTTP_LOCALHOST).",
  });

export const webhookCreateSchema = z
  .object({
    webhook: z.object({
      service_id: serviceId,
      url: webhookUrl.openapi({ example: "https://hooks.example.com/status" }),
      events: z.array(z.enum(EVENT_TYPES)).min(1).optional().openapi({ description: "Omit for every event." }),
    }),
  })
  .openapi("WebhookCreate");

export const webhookUpdateSchema = z
  .object({
    webhook: z.object({
      url: webhookUrl.optional(),
      events: z.array(z.enum(EVENT_TYPES)).min(1).nullable().optional(),
      enabled: z.boolean().optional().openapi({ description: "Re-enabling resets the failure count." }),
    }),
  })
  .openapi("WebhookUpdate");

/** `?service=`: one service's items only. */
export const serviceQuerySchema = z.object({
  service: z.string().regex(SERVICE_ID, "not a service id").optional(),
});

export const incidentListQuerySchema = z.object({
  service: z.string().regex(SERVICE_ID, "not a service id").optional(),
  type: z.enum(["incident", "maintenance"]).optional(),
  open: z.enum(["true", "false"]).optional(),
  review: z.enum(["pending", "confirmed", "dismissed", "merged"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** Responses. */
export const adminIncidentSchema = z
  .object({
    id: z.string(),
    service_id: z.string(),
    name: z.string(),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES, "cancelled"]),
    impact: z.enum([...IMPACTS, "maintenance"]),
    type: z.enum(["incident", "maintenance"]),
    source: z.enum(["declared", "detected"]),
    cause: z
      .enum(INCIDENT_CAUSES)
      .nullable()
      .openapi({ description: "For incidents: what it is; null for maintenance." }),
    detected_kind: z.string().nullable(),
    review: z.string().nullable(),
    merged_into: z.string().nullable(),
    evidence: z.unknown(),
    component_statuses: z.record(z.string(), componentStatus),
    created_at: z.string(),
    updated_at: z.string(),
    started_at: z.string(),
    resolved_at: z.string().nullable(),
    monitoring_at: z.string().nullable(),
    scheduled_for: z.string().nullable().optional(),
    scheduled_until: z.string().nullable().optional(),
    shortlink: z.string(),
    page_id: z.string(),
    incident_updates: z.array(
      z.object({ id: z.string(), status: z.string(), body: z.string(), display_at: z.string() }).passthrough(),
    ),
    components: z.array(componentSchema),
  })
  .openapi("AdminIncident");

export type AdminIncidentJson = z.infer<typeof adminIncidentSchema>;

export const webhookSchema = z
  .object({
    id: z.string(),
    service_id: z.string(),
    url: z.string(),
    events: z.array(z.string()).nullable(),
    enabled: z.boolean(),
    consecutive_failures: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Webhook");

export const webhookCreatedSchema = webhookSchema
  .extend({
    secret: z.string().openapi({
      description: "The Standard Webhooks signing secret (`whsec_…`) for the webhook-signature header. Shown once.",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }),
  })
  .openapi("WebhookCreated");

export const deliverySchema = z
  .object({
    id: z.string(),
    event: z.string(),
    state: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    last_status: z.number().int().nullable(),
    last_error: z.string().nullable().openapi({
      description:
        "Why the last attempt failed, in general terms: timeout, connection failed, HTTP <status>, invalid URL.",
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("WebhookDelivery");

export const adminComponentSchema = componentSchema
  .extend({
    service_id: z.string(),
    name_zh: z.string(),
    name_en: z.string(),
    description_zh: z.string().nullable(),
    description_en: z.string().nullable(),
  })
  .openapi("AdminComponent");

export const adminGroupSchema = z
  .object({
    id: z.string(),
    service_id: z.string(),
    name_zh: z.string(),
    name_en: z.string(),
    position: z.number().int(),
    components: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("AdminComponentGroup");
