import { STRICT_WEBHOOK_URLS, type WebhookUrlPolicy, webhookUrlProblem } from "../../domain/webhook-url";
import { encryptPushMessage, type PushKeys } from "./encrypt";
import type { PushPayload } from "./payload";
import { type VapidConfig, vapidAuthorization } from "./vapid";

export { type PushPayload, pushPayloadOf } from "./payload";
export { type VapidConfig, vapidConfigOf, vapidPublicKeyOf } from "./vapid";

/**
 * One Web Push message (RFC 8030 §5) to one subscription: the payload as JSON,
 * encrypted `aes128gcm` for the browser (RFC 8291), signed with the Worker's
 * VAPID key (RFC 8292). WebCrypto only, so it runs in workerd.
 *
 * Not @pushforge/builder's buildPushHTTPRequest: its 2.0.5 (and its current
 * source) encrypts with the older `aesgcm` draft (Crypto-Key and Encryption
 * headers), which RFC 8291 replaced and Safari's push service does not take,
 * refuses http endpoints even for a local test receiver, and ties the token's
 * expiry to the TTL.
 */

export interface PushTarget {
  endpoint: string;
  keys: PushKeys;
}

export type PushUrgency = "very-low" | "low" | "normal" | "high";

export interface PushOptions {
  /** How long the push service keeps the message for an offline browser (RFC 8030 §5.2); default 6 hours. */
  ttlSeconds?: number;
  /** RFC 8030 §5.3: a hint for the device's battery; default "normal". */
  urgency?: PushUrgency;
  /** RFC 8030 §5.4: a newer message with the same topic replaces one still waiting (≤ 32 base64url characters). */
  topic?: string;
  /** Which endpoints may be fetched (the webhook rules); strict unless given. Local development and tests allow loopback. */
  endpointPolicy?: WebhookUrlPolicy;
}

/** After six hours a status update is history: the page tells the rest. */
export const DEFAULT_PUSH_TTL_SECONDS = 6 * 60 * 60;
/** A push service answers within a second or two; a hung connection must not hold the caller's batch. */
const SEND_TIMEOUT_MS = 10_000;
const MAX_TTL_SECONDS = 28 * 24 * 60 * 60;
const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;

/** A subscription whose endpoint the rules do not allow: it can never be sent to. */
export class PushEndpointRefused extends Error {
  constructor(problem: string) {
    super(`push endpoint refused: ${problem}`);
    this.name = "PushEndpointRefused";
  }
}

/**
 * The push service did not take the message (neither 2xx nor 404/410). The message names
 * the status only: never the endpoint, which is contact data, nor the service's answer.
 */
export class PushSendError extends Error {
  constructor(
    readonly status: number,
    /** From a 429's or 503's Retry-After, when it gave seconds. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(`push service answered ${status}`);
    this.name = "PushSendError";
  }
}

/** The request that delivers `payload` to the subscription; nothing is sent. */
export async function pushRequest(
  subscription: PushTarget,
  payload: PushPayload,
  vapid: VapidConfig,
  options: PushOptions = {},
): Promise<Request> {
  const problem = webhookUrlProblem(subscription.endpoint, options.endpointPolicy ?? STRICT_WEBHOOK_URLS);
  if (problem) throw new PushEndpointRefused(problem);
  const ttl = options.ttlSeconds ?? DEFAULT_PUSH_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS) throw new RangeError(`bad TTL: ${ttl}`);
  if (options.topic !== undefined && !TOPIC.test(options.topic)) throw new RangeError("bad topic");

  const body = await encryptPushMessage(new TextEncoder().encode(JSON.stringify(payload)), subscription.keys);
  const headers = new Headers({
    Authorization: await vapidAuthorization(subscription.endpoint, vapid),
    "Content-Encoding": "aes128gcm",
    "Content-Type": "application/octet-stream",
    TTL: String(ttl),
    Urgency: options.urgency ?? "normal",
  });
  if (options.topic) headers.set("Topic", options.topic);
  // Push services answer, they do not redirect: a redirect is not followed to wherever it points.
  return new Request(subscription.endpoint, { method: "POST", headers, body, redirect: "manual" });
}

function retryAfter(response: Response): number | null {
  const value = response.headers.get("Retry-After");
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * Sends one message. "sent": the push service took it (2xx). "gone": the
 * subscription no longer exists (404 or 410, RFC 8030 §7.3) or its endpoint is
 * not allowed any more; the caller deletes it. Anything else throws (a
 * PushSendError for an answer, the fetch's error for no answer), and the
 * caller retries later.
 */
export async function sendPush(
  subscription: PushTarget,
  payload: PushPayload,
  vapid: VapidConfig,
  options: PushOptions = {},
): Promise<"sent" | "gone"> {
  let request: Request;
  try {
    request = await pushRequest(subscription, payload, vapid, options);
  } catch (error) {
    if (error instanceof PushEndpointRefused) return "gone";
    throw error;
  }
  const response = await fetch(request, { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  // The answer's body is of no use and must not hold the connection open.
  await response.body?.cancel();
  if (response.ok) return "sent";
  if (response.status === 404 || response.status === 410) return "gone";
  throw new PushSendError(response.status, retryAfter(response));
}
