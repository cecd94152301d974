import { z } from "@hono/zod-openapi";
import { CHANNELS } from "../domain/subscriptions";
import { LOCALES } from "../i18n/locale";

/** HTML forms send "" for an untouched optional field: treat it as absent. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** Ids of components and incidents, as the URLs and the API write them. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MAX_FOLLOWED = 64;

/**
 * A sign-up, as JSON or (the form) as a form post. The contact fields depend
 * on the channel and are checked per channel (src/notify/channel-inputs.ts):
 * `address` for e-mail and chat robots, `push` for Web Push, `secret` for
 * robots that sign (DingTalk, Feishu). Neither `components` nor `incident`:
 * the whole service.
 */
export const subscriptionInputSchema = z
  .object({
    channel: z.enum(CHANNELS).openapi({ description: "How to be told: e-mail, Web Push, or a chat group robot." }),
    address: optional(z.string().max(2048)).openapi({
      description: "The e-mail address (`email`) or the robot's webhook URL (`wecom`, `dingtalk`, `feishu`, `slack`).",
      example: "me@example.com",
    }),
    push: z
      .looseObject({
        endpoint: z.string().max(2048),
        expirationTime: z.number().nullable().optional(),
        keys: z.looseObject({ p256dh: z.string().max(256), auth: z.string().max(64) }),
      })
      .optional()
      .openapi({ description: "`push` only: the browser's `PushSubscription.toJSON()`." }),
    secret: optional(z.string().max(256)).openapi({
      description: "`dingtalk`, `feishu` only: the robot's signing secret, when signing is on.",
    }),
    locale: optional(z.enum(LOCALES)).openapi({
      description: "Language of the messages (default: the request's language).",
      example: "zh-CN",
    }),
    components: optional(z.array(z.string().regex(ID, "not a component id")).max(MAX_FOLLOWED)).openapi({
      description: "Follow these components of the service only.",
      example: ["online-pay"],
    }),
    incident: optional(z.string().regex(ID, "not an incident id")).openapi({
      description: "Follow this incident (its updates and its end).",
    }),
  })
  .openapi("SubscriptionInput");

export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;

export const subscriptionAnswerSchema = z
  .object({
    subscription: z.object({
      id: z.string(),
      channel: z.enum(CHANNELS),
      status: z.enum(["pending", "active"]).openapi({
        description:
          "`pending` until the link sent to the address is followed (e-mail, chat robots); `active` for push. The same answer whether or not the address was signed up before.",
      }),
      follows: z.object({
        service: z.string(),
        components: z.array(z.string()).nullable().openapi({ description: "null: not limited to components" }),
        incidents: z.array(z.string()).nullable(),
      }),
    }),
  })
  .openapi("SubscriptionAnswer");

export const pushUnsubscribeSchema = z
  .object({ endpoint: z.string().min(1, "required").max(2048) })
  .openapi("PushUnsubscribe");
