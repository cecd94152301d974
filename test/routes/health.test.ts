import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /healthz", () => {
  it("answers 200 without touching D1", async () => {
    const response = await exports.default.fetch("http://example.com/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const response = await exports.default.fetch("http://example.com/api/nope");
    expect(response.status).toBe(404);
    const body = await response.json<{ error: { code: string } }>();
    expect(body.error.code).toBe("not_found");
  });
});
