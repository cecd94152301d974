import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../../src/index";
import { admin, BASE } from "../../admin-helpers";

describe("admin auth", () => {
  it("answers 401 JSON without a token", async () => {
    const response = await admin("GET", "/api/admin/incidents", undefined, { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect((await response.json<any>()).error.code).toBe("unauthorized");
  });

  it("answers 401 JSON with a wrong token, also one of the same length or a prefix", async () => {
    for (const token of ["wrong", "test-admin-tokeN", "test-admin-toke", "test-admin-token-and-more"]) {
      const response = await admin("GET", "/api/admin/incidents", undefined, { token });
      expect(response.status).toBe(401);
      expect((await response.json<any>()).error).toMatchObject({ code: "unauthorized" });
    }
    const basic = await admin("GET", "/api/admin/incidents", undefined, {
      token: null,
      headers: { authorization: "Basic dGVzdDp0ZXN0" },
    });
    expect(basic.status).toBe(401);
    await basic.arrayBuffer();
  });

  it("lets the right token in, and never caches admin answers", async () => {
    const response = await admin("GET", "/api/admin/incidents");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(Array.isArray(await response.json())).toBe(true);
  });

  it("is off (404 admin_disabled) when no ADMIN_TOKEN is configured, whatever is sent", async () => {
    const ctx = createExecutionContext();
    const response = await app.fetch(
      new Request(`${BASE}/api/admin/incidents`, {
        method: "POST",
        headers: { authorization: "Bearer ", "content-type": "application/json" },
        body: "{}",
      }),
      { ...env, ADMIN_TOKEN: undefined },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(404);
    expect((await response.json<any>()).error.code).toBe("admin_disabled");
  });
});
