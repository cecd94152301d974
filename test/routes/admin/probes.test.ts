import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, adminJson, BASE } from "../../admin-helpers";

function agentCall(token: string) {
  return exports.default.fetch(`${BASE}/api/probe-agent/probes`, { headers: { authorization: `Bearer ${token}` } });
}

describe("admin probes", () => {
  it("creates, lists, updates and deletes a probe", async () => {
    const created = await adminJson(
      "POST",
      "/api/admin/probes",
      {
        probe: {
          id: "cashier-hz",
          component: "online-pay",
          name: "Cashier",
          url: "https://pay.example/health",
          runner: "agent",
          location: "hangzhou",
        },
      },
      201,
    );
    expect(created).toMatchObject({
      id: "cashier-hz",
      component: "online-pay",
      method: "GET",
      expected_status_min: 200,
      runner: "agent",
      enabled: true,
    });
    expect((await adminJson("GET", "/api/admin/probes")).map((p: any) => p.id)).toContain("cashier-hz");
    const updated = await adminJson("PATCH", "/api/admin/probes/cashier-hz", {
      probe: { enabled: false, timeout_ms: 5000 },
    });
    expect(updated).toMatchObject({ enabled: false, timeout_ms: 5000 });
    const duplicate = await admin("POST", "/api/admin/probes", {
      probe: { id: "cashier-hz", component: "online-pay", name: "x", url: "https://pay.example/" },
    });
    expect(duplicate.status).toBe(409);
    await duplicate.arrayBuffer();
    expect((await admin("DELETE", "/api/admin/probes/cashier-hz")).status).toBe(204);
    expect((await admin("DELETE", "/api/admin/probes/cashier-hz")).status).toBe(404);
  });

  it("validates probe input", async () => {
    for (const probe of [
      { component: "nope", name: "x", url: "https://pay.example/" },
      { component: "online-pay", name: "x", url: "ftp://pay.example/" },
      { component: "online-pay", name: "x", url: "https://pay.example/", surprise: 1 },
      {
        component: "online-pay",
        name: "x",
        url: "https://pay.example/",
        expected_status_min: 500,
        expected_status_max: 200,
      },
    ]) {
      const response = await admin("POST", "/api/admin/probes", { probe });
      expect(response.status, JSON.stringify(probe)).toBe(400);
      expect((await response.json<any>()).error.code).toBeTypeOf("string");
    }
    const missing = await admin("PATCH", "/api/admin/probes/nope", { probe: { enabled: true } });
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it("creates an agent whose token is shown once and stored hashed, and revokes it", async () => {
    const created = await adminJson(
      "POST",
      "/api/admin/probe-agents",
      { probe_agent: { name: "Hangzhou box", location: "hangzhou" } },
      201,
    );
    expect(created.token).toBeTypeOf("string");
    expect(created.token.length).toBeGreaterThanOrEqual(32);
    const listed = await adminJson("GET", "/api/admin/probe-agents");
    expect(listed.find((a: any) => a.id === created.id)).not.toHaveProperty("token");
    const stored = await env.DB.prepare("SELECT token_hash FROM probe_agents WHERE id = ?")
      .bind(created.id)
      .first<{ token_hash: string }>();
    expect(stored!.token_hash).not.toBe(created.token);

    const works = await agentCall(created.token);
    expect(works.status).toBe(200);
    await works.arrayBuffer();
    expect((await admin("DELETE", `/api/admin/probe-agents/${created.id}`)).status).toBe(204);
    const revoked = await agentCall(created.token);
    expect(revoked.status).toBe(401);
    await revoked.arrayBuffer();
    expect((await admin("DELETE", `/api/admin/probe-agents/${created.id}`)).status).toBe(404);
  });

  it("needs the admin token", async () => {
    const response = await admin(
      "POST",
      "/api/admin/probe-agents",
      { probe_agent: { name: "x", location: "y" } },
      { token: null },
    );
    expect(response.status).toBe(401);
    await response.arrayBuffer();
  });
});
