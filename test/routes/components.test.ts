import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createIncident } from "../../src/data/incident-writes";
import { database } from "../../src/db/client";

const BASE = "http://status.test";

function get(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(`${BASE}${path}`, { headers });
}

describe("GET /api/components/{id}/uptime", () => {
  it("gives 90 days by default, today last, and the status source", async () => {
    await createIncident(database(env.DB), {
      serviceId: "huabei",
      name: "down",
      components: { repayment: "major_outage" },
    });
    const response = await get("/api/components/repayment/uptime");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = await response.json<any>();
    expect(body).toMatchObject({
      component_id: "repayment",
      time_zone: "Asia/Shanghai",
      status: "major_outage",
      status_source: "declared",
    });
    expect(body.days).toHaveLength(90);
    expect(body.days.at(-1).worst_status).toBe("major_outage");
    expect(body.days.at(-1).incidents.map((i: any) => i.name)).toContain("down");
    expect(body.uptime_pct).toBeLessThanOrEqual(100);
    expect((await (await get("/api/components/repayment/uptime?days=7")).json<any>()).days).toHaveLength(7);
  });

  it("answers 404 for an unknown component and 400 for bad days", async () => {
    const missing = await get("/api/components/nope/uptime");
    expect(missing.status).toBe(404);
    expect((await missing.json<any>()).error.code).toBe("not_found");
    for (const days of ["0", "400", "abc"]) {
      const response = await get(`/api/components/online-pay/uptime?days=${days}`);
      expect(response.status, days).toBe(400);
      await response.arrayBuffer();
    }
  });
});
