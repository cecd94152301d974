import { z } from "@hono/zod-openapi";
import { SERVICE_ID } from "../config/schema";

/** The admin views of subscriber notifications (src/routes/admin/notifications.ts). */

export const deadLetterQuerySchema = z.object({
  service: z.string().regex(SERVICE_ID, "not a service id").optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const outboxQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const notificationSchema = z
  .object({
    id: z.string(),
    notice_key: z.string().openapi({
      description:
        "The change it is about: `incident:{incident}:{update}`, `maintenance:{maintenance}:{update}` or `component:{component}:{time}:{old}:{new}`.",
      example: "incident:k3v9x2m1q8zt:p0d8s7a6q5we",
    }),
    service_id: z.string(),
    channel: z.string().openapi({ example: "email" }),
    subscriber_id: z.string(),
    state: z.enum(["sending", "sent", "merged", "capped", "failed"]),
    attempts: z.number().int(),
    last_error: z.string().nullable().openapi({
      description:
        "Why the last attempt failed, in general terms (`HTTP 503`, `timeout`, `channel_not_wired`…); never an address.",
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Notification");

export const outboxMailSchema = z
  .object({
    id: z.string(),
    subscriber_id: z.string().nullable(),
    to: z.string().openapi({ description: "The recipient, in full: this is mail for the operator to send by hand." }),
    subject: z.string(),
    text: z.string(),
    created_at: z.string(),
  })
  .openapi("OutboxMail");
