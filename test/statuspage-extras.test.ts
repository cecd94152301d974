import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createIncident } from "../src/data/incident-writes";
import { database } from "../src/db/client";

const BASE = "http://status.test";

function get(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(`${BASE}${path}`, { headers });
}

async function report(component: string, symptom: string, ip: string) {
  const response = await exports.default.fetch(`${BASE}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip, "user-agent": "vitest" },
    body: JSON.stringify({ component, symptom, region: "ZJ" }),
  });
  expect(response.status).toBe(201);
  await response.arrayBuffer();
}

describe("GET /api/reports/stats", () => {
  it("counts distinct reporters per 5 minutes by symptom class, with the usual level", async () => {
    await report("online-pay", "system_busy", "198.51.100.1");
    await report("online-pay", "payment_failed", "198.51.100.2");
    await report("online-pay", "payment_failed", "198.51.100.2"); // a repeat: counted once
    await report("credit-account", "limit_reduced", "198.51.100.3");
    const response = await get("/api/reports/stats?window=24h", { origin: "https://x.example" });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(response.headers.get("etag")).toBeTruthy();
    const stats = await response.json<any>();
    expect(stats.bucket_minutes).toBe(5);
    expect(stats.buckets).toHaveLength(288);
    const last = stats.buckets.at(-1);
    expect(Object.keys(last).sort()).toEqual(["account", "other", "start", "technical", "usual"]);
    const sum = (key: string) => stats.buckets.reduce((n: number, b: any) => n + b[key], 0);
    expect(sum("technical")).toBe(2);
    expect(sum("account")).toBe(1);
    expect(stats.total).toBe(3);
    expect(stats.regions).toEqual([{ region: "ZJ", reporters: 3 }]);

    const one = await (await get("/api/reports/stats?window=1h&component=credit-account")).json<any>();
    expect(one.component).toBe("credit-account");
    expect(one.buckets).toHaveLength(12);
    expect(one.buckets.reduce((n: number, b: any) => n + b.technical + b.account, 0)).toBe(1);
  });

  it("rejects bad windows and unknown components with 400 JSON", async () => {
    for (const query of ["window=forever", "window=30m", "window=8d", "component=nope"]) {
      const response = await get(`/api/reports/stats?${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json<any>()).error.code).toBeTypeOf("string");
    }
  });
});

describe("GET /api/components/{id}/uptime", () => {
  it("gives 90 days by default, today last, and the status source", async () => {
    await createIncident(database(env.DB), { name: "down", components: { repayment: "major_outage" } });
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
