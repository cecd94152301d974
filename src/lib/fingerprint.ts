import { toHex } from "./id";

/**
 * Keyed hashes: what we keep instead of an identifier (a reporter, a network,
 * an imported reporter key). HMAC-SHA256 truncated to 128 bits: without the
 * key the input cannot be recovered or linked. src/services/reporter.ts says
 * which keys, and how they rotate daily.
 */
const encoder = new TextEncoder();
/** Imported keys per secret; few secrets are ever used (one a day and the configured ones). */
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_SIZE = 16;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keyCache.set(secret, key);
  }
  return key;
}

const DAY_MS = 86_400_000;
// Formatting a date is a measurable share of a report's CPU; the day changes once a day.
let lastDay = { number: Number.NaN, text: "" };

export function utcDay(epochMs: number): string {
  const number = Math.floor(epochMs / DAY_MS);
  if (number !== lastDay.number) lastDay = { number, text: new Date(number * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

/** HMAC-SHA256(secret, text), truncated to 128 bits, as hex: what we keep instead of an identifier. */
export async function keyedHash(secret: string, text: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(text));
  return toHex(new Uint8Array(mac).slice(0, 16));
}

/**
 * Cloudflare sets CF-Connecting-IP at its edge and clients cannot override it;
 * other forwarding headers are spoofable, so they are ignored.
 */
export function clientIp(headers: Headers): string {
  return headers.get("cf-connecting-ip") ?? "unknown";
}
