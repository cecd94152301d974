import { toBase64 } from "./base64";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/**
 * A 12-character lowercase id, the shape Statuspage uses for incidents and
 * updates (about 62 bits: plenty for one page, short enough for URLs).
 */
export function newId(length = 12): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = "";
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Lowercase hex of some bytes (a table lookup: every report hashes its reporter). */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX_PAIRS[byte];
  return hex;
}

/** A random secret (hex) for one-time tokens. */
export function newSecret(bytes = 32): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * A webhook signing secret as the Standard Webhooks specification writes it:
 * `whsec_` and the base64 of the key (32 random bytes; the spec asks for 24 to 64).
 */
export function newWebhookSecret(bytes = 32): string {
  return `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(bytes)))}`;
}
