import { z } from "@hono/zod-openapi";
import { STRICT_WEBHOOK_URLS, type WebhookUrlPolicy, webhookUrlProblem } from "../../domain/webhook-url";
import { fromBase64Url } from "../../lib/base64url";

/**
 * A browser's push subscription (`PushSubscription.toJSON()`), as the sign-up
 * route receives it. The endpoint is a URL the Worker will POST to, so it gets
 * the webhook rules (src/domain/webhook-url.ts): https to a public host name;
 * http(s) to localhost, 127.0.0.1 or [::1] only under a policy that allows it
 * (local development and tests, `webhookUrlPolicy(env)` in src/webhooks/deliver.ts).
 * The keys must have the form RFC 8291 §3 needs, or no message could ever be encrypted.
 */
export function pushSubscriptionSchemaFor(policy: WebhookUrlPolicy) {
  const endpoint = z
    .string()
    .max(2048)
    .superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url, policy);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .openapi({ description: "The push service URL the browser gave (https, a public host)." });
  const base64Url = (bytes: number, what: string, check: (decoded: Uint8Array) => boolean = () => true) =>
    z
      .string()
      .max(200)
      .refine((value) => {
        const decoded = fromBase64Url(value);
        return decoded !== null && decoded.length === bytes && check(decoded);
      }, `must be ${what} in base64url`);
  return z
    .object({
      endpoint,
      // Browsers add expirationTime (usually null); it is accepted and not kept.
      expirationTime: z.number().nullable().optional(),
      keys: z.object({
        p256dh: base64Url(65, "an uncompressed P-256 public key (65 bytes, starting 0x04)", (key) => key[0] === 0x04),
        auth: base64Url(16, "a 16-byte secret"),
      }),
    })
    .openapi({ description: "PushSubscription.toJSON() from the browser." });
}

/** The production rules: https endpoints on public host names only. */
export const pushSubscriptionSchema = pushSubscriptionSchemaFor(STRICT_WEBHOOK_URLS);

export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;
