import { DomainError } from "../domain/errors";
import { CONFIRM_TTL_MS } from "../domain/subscriptions";
import type { Env } from "../env";
import { fromBase64Url, toBase64Url } from "../lib/base64";

/**
 * The tokens in subscription links, stored nowhere: each is an HMAC-SHA256 of
 * what it is for (a purpose label), the subscriber's id and, for a
 * confirmation, when that confirmation was sent. Sending a new confirmation
 * changes that time, so the older link stops working. The key is derived
 * from FINGERPRINT_SECRET with HKDF (RFC 5869) under its own label, so it is
 * never the key of the reporter hashes (src/services/reporter.ts) and a token
 * says nothing about them, nor they about it.
 */
export type LinkPurpose = "confirm" | "manage";

/** HKDF `info`: what this derived key is for. A new label (v2) would void every link sent. */
const KEY_LABEL = "paystatus/subscription-links/v1";
const encoder = new TextEncoder();
/** The derived key for the current secret (one secret per deployment). */
let keyMemo: { secret: string; key: Promise<CryptoKey> } | undefined;

async function deriveLinkKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: encoder.encode(KEY_LABEL) },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
}

function linkKey(secret: string): Promise<CryptoKey> {
  if (keyMemo?.secret !== secret) keyMemo = { secret, key: deriveLinkKey(secret) };
  return keyMemo.key;
}

/**
 * The secret links are made with: FINGERPRINT_SECRET, which reports need as
 * well. Without it nothing can be confirmed or managed, so sign-ups are
 * refused (503) rather than stored with links that could never work.
 */
export function linkSecret(env: Pick<Env, "FINGERPRINT_SECRET">): string {
  if (!env.FINGERPRINT_SECRET) {
    throw new DomainError("unavailable", "not_configured", "Subscriptions cannot be accepted right now", undefined, 60);
  }
  return env.FINGERPRINT_SECRET;
}

/** The signed text: purpose, id and (confirm only) the sending time, separated by a byte no id contains. */
function signedText(purpose: LinkPurpose, id: string, sentAt?: number | null): Uint8Array {
  return encoder.encode([purpose, id, purpose === "confirm" ? String(sentAt ?? "") : ""].join("\n"));
}

async function mac(secret: string, text: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await linkKey(secret), text));
}

/** Constant-time comparison (https://developers.cloudflare.com/workers/runtime-apis/web-crypto/#timingsafeequal). */
async function matches(secret: string, text: Uint8Array, given: Uint8Array): Promise<boolean> {
  const expected = await mac(secret, text);
  if (given.byteLength !== expected.byteLength) return false;
  return crypto.subtle.timingSafeEqual(given, expected);
}

const SENT_AT_BYTES = 8;

/**
 * The token of the confirmation link just sent (the row's confirmationSentAt
 * is set): the sending time, then the MAC over purpose, id and that time. The
 * time is in the token so that a link can be told apart after its row is
 * gone: a genuine link that expired (410) from a made-up one (400).
 */
export async function confirmToken(
  secret: string,
  subscriber: { id: string; confirmationSentAt: number | null },
): Promise<string> {
  const sentAt = subscriber.confirmationSentAt;
  if (sentAt === null) throw new Error("No confirmation was sent to this subscriber");
  const tag = await mac(secret, signedText("confirm", subscriber.id, sentAt));
  const bytes = new Uint8Array(SENT_AT_BYTES + tag.byteLength);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(sentAt));
  bytes.set(tag, SENT_AT_BYTES);
  return toBase64Url(bytes);
}

/** When the confirmation this token belongs to was sent, if the token is genuine for this id; else null. */
export async function readConfirmToken(secret: string, subscriberId: string, token: string): Promise<number | null> {
  const bytes = fromBase64Url(token);
  if (!bytes || bytes.byteLength <= SENT_AT_BYTES) return null;
  const sentAt = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0));
  const genuine = await matches(secret, signedText("confirm", subscriberId, sentAt), bytes.subarray(SENT_AT_BYTES));
  return genuine ? sentAt : null;
}

/** The token of the manage and unsubscribe links: valid as long as the subscription exists. */
export function manageToken(secret: string, subscriberId: string): Promise<string> {
  return mac(secret, signedText("manage", subscriberId)).then(toBase64Url);
}

/** Whether `token` is this subscriber's manage token (checkable without the row: an unsubscribe may come twice). */
export async function verifyManageToken(secret: string, subscriberId: string, token: string): Promise<boolean> {
  const given = fromBase64Url(token);
  return given !== null && matches(secret, signedText("manage", subscriberId), given);
}

/** When a confirmation link sent at `sentAt` stops working. */
export function confirmLinkExpiresAt(sentAt: number): number {
  return sentAt + CONFIRM_TTL_MS;
}
