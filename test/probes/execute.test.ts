import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/probes/execute";
import type { ProbeSpec } from "../../src/probes/types";

const spec = (overrides: Partial<ProbeSpec> = {}): ProbeSpec => ({
  id: "cashier",
  url: "https://api.example/health",
  method: "GET",
  headers: { "x-api-key": "secret:PROBE_KEY", accept: "application/json" },
  expectedStatusMin: 200,
  expectedStatusMax: 299,
  bodyMustContain: null,
  bodyMustNotContain: null,
  timeoutMs: 2_000,
  latencyThresholdMs: null,
  ...overrides,
});

/** An upstream made of routes; records what every request carried. */
function upstream(routes: Record<string, () => Response>) {
  const seen: { url: string; method: string; key: string | null; accept: string | null }[] = [];
  const fetch = async (request: Request) => {
    seen.push({
      url: request.url,
      method: request.method,
      key: request.headers.get("x-api-key"),
      accept: request.headers.get("accept"),
    });
    // Redirects are ours to follow: the check must never let fetch follow them with the secret on.
    expect(request.redirect).toBe("manual");
    const route = routes[request.url];
    return route ? route() : new Response("missing", { status: 404 });
  };
  return { seen, deps: { fetch, readSecret: (n: string) => (n === "PROBE_KEY" ? "k3y" : undefined), now: () => 0 } };
}

const redirect =
  (to: string, status = 302) =>
  () =>
    new Response(null, { status, headers: { location: to } });

describe("runCheck follows redirects itself", () => {
  it("sends a secret header to the probe's own origin only, never along a redirect elsewhere", async () => {
    const { seen, deps } = upstream({
      "https://api.example/health": redirect("/v2/health"),
      "https://api.example/v2/health": redirect("https://cdn.evil.example/health"),
      "https://cdn.evil.example/health": () => new Response("ok"),
    });
    const outcome = await runCheck(spec(), deps);
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200 });
    expect(seen).toEqual([
      { url: "https://api.example/health", method: "GET", key: "k3y", accept: "application/json" },
      { url: "https://api.example/v2/health", method: "GET", key: "k3y", accept: "application/json" },
      { url: "https://cdn.evil.example/health", method: "GET", key: null, accept: "application/json" },
    ]);
  });

  it("continues a POST as a GET after a 303, and stops after too many redirects", async () => {
    const loop = upstream({
      "https://api.example/health": redirect("https://api.example/health", 307),
    });
    const looped = await runCheck(spec(), loop.deps);
    expect(looped).toMatchObject({ ok: false, httpStatus: 307 });
    expect(loop.seen.length).toBe(11);

    const post = upstream({
      "https://api.example/health": redirect("/done", 303),
      "https://api.example/done": () => new Response("ok"),
    });
    await runCheck(spec({ method: "POST" }), post.deps);
    expect(post.seen.map((s) => s.method)).toEqual(["POST", "GET"]);
  });
});
