import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../src/index";
import { BASE, count, type ErrorBody } from "./helpers";

describe("wrong methods and unknown paths", () => {
  it.each([
    ["DELETE", "/api/reports", "POST"],
    ["PUT", "/api/v2/summary.json", "GET"],
    ["POST", "/healthz", "GET"],
    ["PATCH", "/", "GET"],
  ])("%s %s answers 405 with Allow", async (method, path, allowed) => {
    const response = await exports.default.fetch(`${BASE}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain(allowed);
    expect((await response.json<ErrorBody>()).error.code).toBe("method_not_allowed");
  });

  it("answers unknown API paths with JSON 404 and other paths with HTML 404", async () => {
    const api = await exports.default.fetch(`${BASE}/api/nothing/here`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/json");
    const page = await exports.default.fetch(`${BASE}/nothing-here`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
  });

  it("stores nothing for a wrong method on the report endpoint", async () => {
    await exports.default.fetch(`${BASE}/api/reports`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: '{"component":"online-pay","symptom":"other"}',
    });
    expect(await count("reports")).toBe(0);
  });
});

describe("security headers", () => {
  it("sends CSP without inline script, nosniff, a referrer policy and frame-ancestors on HTML", async () => {
    const response = await exports.default.fetch(`${BASE}/`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBeTruthy();
    // Plain-HTTP local development gets no HSTS.
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends Strict-Transport-Security over HTTPS (production)", async () => {
    const response = await exports.default.fetch("https://status.example/");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("allows embedding only where FRAME_ANCESTORS says", async () => {
    const response = await app.fetch(
      new Request(`${BASE}/`),
      { ...env, FRAME_ANCESTORS: "https://partner.example 'self' javascript:alert(1)" },
      { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext,
    );
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors https://partner.example 'self'");
    expect(csp).not.toContain("javascript:");
    expect(response.headers.get("x-frame-options")).toBeNull();
  });
});
