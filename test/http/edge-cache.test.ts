import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { BASE, TOKEN } from "../admin-helpers";

// The suite runs with EDGE_CACHE_TTL=0; here the cache is on, as in production.
const cachedEnv = { ...env, EDGE_CACHE_TTL: "30" };

async function get(path: string, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`${BASE}${path}`, { headers }), cachedEnv, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { response, body };
}

async function declareIncident(name: string) {
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`${BASE}/api/admin/incidents`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        incident: {
          name,
          status: "investigating",
          body: "Looking into it",
          components: { "online-pay": "major_outage" },
        },
      }),
    }),
    cachedEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(response.status).toBe(201);
}

describe("edge cache for public reads", () => {
  it("serves the second read from the cache, per language", async () => {
    const first = await get("/api/v2/summary.json");
    expect(first.response.headers.get("x-cache")).toBe("MISS");
    const second = await get("/api/v2/summary.json");
    expect(second.response.headers.get("x-cache")).toBe("HIT");
    expect(second.body).toBe(first.body);
    expect(second.response.headers.get("access-control-allow-origin")).toBe("*");

    const english = await get("/api/v2/summary.json?lang=en");
    expect(english.response.headers.get("x-cache")).toBe("MISS");
    expect(english.body).not.toBe(first.body);
  });

  it("answers If-None-Match from the cache with 304", async () => {
    const { response } = await get("/api/v2/status.json");
    const etag = response.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await get("/api/v2/status.json", { "if-none-match": etag });
    expect(again.response.status).toBe(304);
    expect(again.body).toBe("");
  });

  it("never serves a stale 'all good' after an admin write", async () => {
    const before = await get("/api/v2/summary.json");
    expect(JSON.parse(before.body).incidents).toHaveLength(0);
    expect((await get("/api/v2/summary.json")).response.headers.get("x-cache")).toBe("HIT");

    await declareIncident("Payments failing");

    const after = await get("/api/v2/summary.json");
    expect(after.response.headers.get("x-cache")).toBe("MISS");
    const summary = JSON.parse(after.body);
    expect(summary.incidents.map((i: { name: string }) => i.name)).toContain("Payments failing");
    expect(summary.status.indicator).not.toBe("none");
    const page = await get("/");
    expect(page.body).toContain("Payments failing");
  });

  it("does not cache writes, admin reads or errors", async () => {
    const missing = await get("/api/v2/nope.json");
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get("x-cache")).toBeNull();
    const adminRead = await get("/api/admin/incidents", { authorization: `Bearer ${TOKEN}` });
    expect(adminRead.response.headers.get("x-cache")).toBeNull();
  });
});
