import { toBase64 } from "../../lib/base64";

const encoder = new TextEncoder();

/**
 * Standard base64 of HMAC-SHA256(key, message), both taken as UTF-8. DingTalk and
 * Feishu both sign `${timestamp}\n${secret}`, but in opposite roles: DingTalk uses
 * it as the message under the secret, Feishu as the key over an empty message.
 */
export async function hmacSha256Base64(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(message));
  return toBase64(new Uint8Array(mac));
}
