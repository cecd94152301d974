import { fromBase64, toBase64 } from "../lib/base64";

/**
 * Deliveries are signed as the Standard Webhooks specification says
 * (https://www.standardwebhooks.com/): three headers,
 *
 *   webhook-id         the delivery's id, the same on every retry (for de-duplication)
 *   webhook-timestamp  integer seconds since the epoch of this attempt
 *   webhook-signature  `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`
 *
 * so a receiver that checks the signature and rejects old timestamps (the
 * libraries allow 5 minutes) cannot be fed a captured delivery later.
 *
 * Secrets: new ones are `whsec_<base64 of 32 random bytes>`, and the key is
 * those bytes. Webhooks created before this scheme hold a 64-character hex
 * secret that the old `X-Signature` HMAC used as UTF-8 bytes; those bytes stay
 * the key, so no stored secret changes and the receiver keeps the secret it was
 * shown. It passes it to a Standard Webhooks library as
 * `whsec_` + base64(UTF-8 bytes of the hex string) — `receiverSecret` below —
 * or raw (`new Webhook(hex, { format: "raw" })` in the `standardwebhooks` package).
 */

const PREFIX = "whsec_";

/** The HMAC key of a stored secret: the bytes after `whsec_`, or a legacy secret's UTF-8 bytes. */
export function signingKey(secret: string): Uint8Array {
  if (secret.startsWith(PREFIX)) {
    const key = fromBase64(secret.slice(PREFIX.length));
    if (key && key.length > 0) return key;
    // Not produced by newWebhookSecret: fall through and sign with the text itself rather than fail every delivery.
  }
  return new TextEncoder().encode(secret);
}

/** The secret in the `whsec_` form receivers give a Standard Webhooks library (unchanged for new secrets). */
export function receiverSecret(secret: string): string {
  return `${PREFIX}${toBase64(signingKey(secret))}`;
}

/** `v1,<base64 HMAC-SHA256(key, "${id}.${timestamp}.${body}")>`. */
export async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", signingKey(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/** The three Standard Webhooks headers of one attempt made at `nowMs`. */
export async function signatureHeaders(
  secret: string,
  id: string,
  nowMs: number,
  body: string,
): Promise<{ "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string }> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await sign(secret, id, timestamp, body),
  };
}
