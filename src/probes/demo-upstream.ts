import { DEMO_UPSTREAM_MARKER } from "./seed";

/**
 * The Worker's own stand-in upstream (served at DEMO_UPSTREAM_PATH): the
 * default probe checks it, so a fresh local install shows working probes
 * with no internet. `?status=503` makes it fail on purpose, to watch a probe
 * go red.
 */
export function demoUpstreamResponse(url: URL): Response {
  const status = Number(url.searchParams.get("status") ?? 200);
  const code = Number.isInteger(status) && status >= 200 && status <= 599 ? status : 200;
  const body = code === 200 ? DEMO_UPSTREAM_MARKER : `paystatus demo upstream: failing with ${code}`;
  return new Response(body, { status: code, headers: { "content-type": "text/plain; charset=UTF-8" } });
}
