import { toHex } from "./id";

/**
 * Reporter fingerprints. We never store an IP address: a reporter is identified
 * by HMAC-SHA256(secret, UTC day | IP | User-Agent), truncated to 128 bits. The
 * day in the input rotates every fingerprint daily, so one person cannot be
 * linked across days, and without the secret the IP cannot be recovered.
 */
const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
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

export function fingerprint(secret: string, ip: string, userAgent: string, nowMs: number): Promise<string> {
  return keyedHash(secret, `${utcDay(nowMs)}|${ip}|${userAgent}`);
}

/**
 * Cloudflare sets CF-Connecting-IP at its edge and clients cannot override it;
 * other forwarding headers are spoofable, so they are ignored.
 */
export function clientIp(headers: Headers): string {
  return headers.get("cf-connecting-ip") ?? "unknown";
}
