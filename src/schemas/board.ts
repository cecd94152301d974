import { z } from "@hono/zod-openapi";
import { COMPONENT_STATUSES } from "../domain/symptoms";
import { statusSchema } from "./statuspage";

/** GET /api/services.json: every enabled service, as the board at /services shows it. */
export const boardSchema = z
  .object({
    updated_at: z.string().openapi({ format: "date-time" }),
    services: z.array(
      z.object({
        id: z.string().openapi({ example: "huabei" }),
        name: z.string(),
        url: z.string().openapi({ description: "The service's page; its Statuspage v2 API is at url + /api/v2/…" }),
        status: statusSchema,
        reports_last_hour: z.number().int(),
        usual_last_hour: z.number().openapi({ description: "Distinct reporters the baselines expect in that hour." }),
        open_incidents: z.number().int(),
        maintenance_in_progress: z.number().int(),
        can_use_instead: z
          .array(z.object({ id: z.string(), name: z.string(), status: z.enum(COMPONENT_STATUSES) }))
          .openapi({ description: "Its alternatives tracked here that work right now (no outage, no maintenance)." }),
      }),
    ),
  })
  .openapi("Board");
