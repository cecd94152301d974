import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { BASE } from "../helpers";

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
