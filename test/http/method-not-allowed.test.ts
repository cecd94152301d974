import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, count, type ErrorBody } from "../helpers";

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
