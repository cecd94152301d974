import { z } from "@hono/zod-openapi";

const REPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** "It works again": which component, and (form posts from a verdict page) which report's page to go back to. */
export const recoveryInputSchema = z
  .object({
    component: z
      .string()
      .min(1, "required")
      .max(64)
      .openapi({ description: "A component id of the service that works again for you.", example: "online-pay" }),
    report: z
      .preprocess(
        (value) => (value === "" || value === null ? undefined : value),
        z.string().regex(REPORT_ID, "not a report id").optional(),
      )
      .openapi({
        description:
          "Optional: the report whose verdict page the form was on. A form post that accepts text/html is sent back there.",
      }),
  })
  .openapi("RecoveryInput");

export type RecoveryInput = z.infer<typeof recoveryInputSchema>;

export const recoveryAnswerSchema = z
  .object({
    component: z.string(),
    counted: z.boolean().openapi({
      description: "false when you (or your network's share) already counted on this component in the last 30 minutes",
    }),
    recoveries: z.number().int().openapi({
      description: "Distinct people who say the component works again since `since`, you included",
    }),
    since: z.string().openapi({ description: "Since the open incident started, else the last hour" }),
    since_incident: z.boolean(),
  })
  .openapi("RecoveryAnswer");
