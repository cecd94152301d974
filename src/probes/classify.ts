import type { ErrorClass, ProbeSpec } from "./types";

/**
 * Judges a response that did arrive: status outside the expected range is
 * `http_status`; a required text missing or a forbidden text present is
 * `keyword`. A slow but correct answer passes, marked degraded.
 */
export function classifyResponse(
  spec: Pick<
    ProbeSpec,
    "expectedStatusMin" | "expectedStatusMax" | "bodyMustContain" | "bodyMustNotContain" | "latencyThresholdMs"
  >,
  status: number,
  body: string | null,
  latencyMs: number,
): { ok: boolean; degraded: boolean; errorClass: ErrorClass | null } {
  const degraded = spec.latencyThresholdMs != null && latencyMs > spec.latencyThresholdMs;
  if (status < spec.expectedStatusMin || status > spec.expectedStatusMax)
    return { ok: false, degraded, errorClass: "http_status" };
  if (spec.bodyMustContain && !(body ?? "").includes(spec.bodyMustContain))
    return { ok: false, degraded, errorClass: "keyword" };
  if (spec.bodyMustNotContain && (body ?? "").includes(spec.bodyMustNotContain))
    return { ok: false, degraded, errorClass: "keyword" };
  return { ok: true, degraded, errorClass: null };
}

const TLS = /tls|ssl|certificate|cert_|handshake|self[- ]signed|unable to verify/i;
const DNS = /dns|enotfound|eai_again|getaddrinfo|could not resolve|name not resolved|no such host|name resolution/i;

/**
 * Maps a fetch that threw to an error class. workerd and Node (undici) word
 * their errors differently, so both the message and Node's `cause.code` are
 * read. Anything unrecognised is a connection failure: the request never
 * got an answer.
 */
export function classifyFetchError(error: unknown): ErrorClass {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current === "object") {
      const e = current as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
      parts.push(String(e.name ?? ""), String(e.message ?? ""), String(e.code ?? ""));
      current = e.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  const text = parts.join(" ");
  if (/TimeoutError|AbortError|timed? ?out|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT/i.test(text))
    return "timeout";
  if (TLS.test(text)) return "tls";
  if (DNS.test(text)) return "dns";
  return "connect";
}
