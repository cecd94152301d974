import { classifyFetchError, classifyResponse } from "./classify";
import { redirectHeaders, resolveHeaders } from "./headers";
import type { CheckOutcome, ProbeSpec } from "./types";

/** Keyword checks read at most this much of a body: enough for any page marker, bounded memory. */
export const MAX_BODY_CHARS = 512 * 1024;
/** Extra time after the probe's own timeout before the guard gives up on a fetch that ignores its abort signal. */
const GUARD_GRACE_MS = 1_000;
/** Redirects a check follows, as browsers and fetch do (20 in the Fetch spec; a probe needs few). */
const MAX_REDIRECTS = 10;

export interface CheckDeps {
  fetch: (request: Request) => Promise<Response>;
  readSecret: (name: string) => string | undefined;
  now: () => number;
}

/**
 * Runs one check. Never throws and never outlives `timeoutMs` (plus a small
 * guard): a hanging target becomes a `timeout` result instead of holding up
 * its caller. Returns null only when the probe cannot be run as configured
 * (a header names a missing secret): that is not the target's fault.
 */
export async function runCheck(spec: ProbeSpec, deps: CheckDeps): Promise<CheckOutcome | null> {
  let headers: ReturnType<typeof resolveHeaders>;
  try {
    headers = resolveHeaders(spec.headers, deps.readSecret);
  } catch (error) {
    console.error(`probe ${spec.id} not run:`, error instanceof Error ? error.message : error);
    return null;
  }
  const startedAt = deps.now();
  const timedOut = (): CheckOutcome => ({
    probeId: spec.id,
    checkedAt: startedAt,
    ok: false,
    degraded: false,
    httpStatus: null,
    latencyMs: spec.timeoutMs,
    errorClass: "timeout",
  });
  let guard: ReturnType<typeof setTimeout> | undefined;
  const guardFired = new Promise<CheckOutcome>((resolve) => {
    guard = setTimeout(() => resolve(timedOut()), spec.timeoutMs + GUARD_GRACE_MS);
  });
  try {
    return await Promise.race([attempt(spec, headers, deps, startedAt), guardFired]);
  } finally {
    clearTimeout(guard);
  }
}

/**
 * Fetches with redirects followed here rather than by fetch, so that each hop
 * decides which headers it may carry (redirectHeaders). As fetch does, a 303
 * (and a 301/302 after a POST) continues as a GET without a body.
 */
async function fetchFollowing(
  spec: ProbeSpec,
  resolved: ReturnType<typeof resolveHeaders>,
  deps: CheckDeps,
  signal: AbortSignal,
): Promise<Response> {
  const probeOrigin = new URL(spec.url).origin;
  let url = new URL(spec.url);
  let method = spec.method;
  let headers = resolved.headers;
  for (let hop = 0; ; hop++) {
    const response = await deps.fetch(new Request(url, { method, headers, signal, redirect: "manual" }));
    const location = response.headers.get("location");
    if (response.status < 300 || response.status > 399 || !location || hop >= MAX_REDIRECTS) return response;
    await response.body?.cancel();
    url = new URL(location, url);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = "GET";
    }
    headers = redirectHeaders(resolved.headers, resolved.secretNames, probeOrigin, url);
  }
}

async function attempt(
  spec: ProbeSpec,
  headers: ReturnType<typeof resolveHeaders>,
  deps: CheckDeps,
  startedAt: number,
): Promise<CheckOutcome> {
  const signal = AbortSignal.timeout(spec.timeoutMs);
  const base = { probeId: spec.id, checkedAt: startedAt };
  let response: Response;
  try {
    response = await fetchFollowing(spec, headers, deps, signal);
  } catch (error) {
    const errorClass = signal.aborted ? "timeout" : classifyFetchError(error);
    return {
      ...base,
      ok: false,
      degraded: false,
      httpStatus: null,
      latencyMs: errorClass === "timeout" ? spec.timeoutMs : null,
      errorClass,
    };
  }
  // Latency is time to the response headers: what "the service answered" means to a user.
  const latencyMs = Math.max(0, Math.round(deps.now() - startedAt));
  let body: string | null = null;
  try {
    if (spec.bodyMustContain || spec.bodyMustNotContain) body = await readText(response, MAX_BODY_CHARS);
    else await response.body?.cancel();
  } catch (error) {
    const errorClass = signal.aborted ? "timeout" : classifyFetchError(error);
    return { ...base, ok: false, degraded: false, httpStatus: response.status, latencyMs, errorClass };
  }
  return {
    ...base,
    httpStatus: response.status,
    latencyMs,
    ...classifyResponse(spec, response.status, body, latencyMs),
  };
}

async function readText(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (text.length < maxChars) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
  }
  await reader.cancel().catch(() => {});
  return text.slice(0, maxChars);
}
