import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createIncident, resolveIncident } from "../../src/data/incident-writes";
import { scheduleMaintenance } from "../../src/data/maintenance-writes";
import { database } from "../../src/db/client";

const BASE = "http://status.test";
const db = database(env.DB);

function get(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(`${BASE}${path}`, { headers });
}

async function getJson<T = any>(path: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await get(path, headers);
  expect(response.status).toBe(200);
  return response.json<T>();
}

const COMPONENT_KEYS = [
  "id",
  "name",
  "status",
  "description",
  "position",
  "created_at",
  "updated_at",
  "page_id",
  "group",
  "group_id",
  "showcase",
  "start_date",
  "only_show_if_degraded",
  "status_source",
];
const INCIDENT_KEYS = [
  "id",
  "name",
  "status",
  "impact",
  "created_at",
  "updated_at",
  "monitoring_at",
  "resolved_at",
  "shortlink",
  "started_at",
  "page_id",
  "incident_updates",
  "components",
];
const UPDATE_KEYS = [
  "id",
  "status",
  "body",
  "incident_id",
  "created_at",
  "updated_at",
  "display_at",
  "affected_components",
];

describe("GET /api/v2/summary.json", () => {
  it("has Statuspage's fields, the default components and their groups", async () => {
    const body = await getJson("/api/v2/summary.json");
    expect(Object.keys(body).sort()).toEqual(["components", "incidents", "page", "scheduled_maintenances", "status"]);
    expect(Object.keys(body.page).sort()).toEqual(["id", "name", "time_zone", "updated_at", "url"]);
    expect(body.page).toMatchObject({ id: "huabei", name: "花呗服务状态", url: BASE, time_zone: "Asia/Shanghai" });
    expect(new Date(body.page.updated_at).toISOString()).toBe(body.page.updated_at);
    expect(body.status).toEqual({ indicator: "none", description: "All Systems Operational" });

    const ids = body.components.map((c: any) => c.id);
    expect(ids).toEqual([
      "payments",
      "online-pay",
      "offline-pay",
      "repayment",
      "account",
      "credit-account",
      "app-login",
    ]);
    for (const component of body.components) for (const key of COMPONENT_KEYS) expect(component).toHaveProperty(key);
    const online = body.components.find((c: any) => c.id === "online-pay");
    expect(online).toMatchObject({
      name: "线上支付",
      status: "operational",
      group: false,
      group_id: "payments",
      page_id: "huabei",
      showcase: true,
      only_show_if_degraded: false,
      start_date: null,
      status_source: "default",
    });
    const group = body.components.find((c: any) => c.id === "payments");
    expect(group).toMatchObject({
      group: true,
      group_id: null,
      components: ["online-pay", "offline-pay", "repayment"],
      status: "operational",
    });
    expect(body.incidents).toEqual([]);
    expect(body.scheduled_maintenances).toEqual([]);
  });

  it("speaks English with ?lang=en or Accept-Language", async () => {
    const byParam = await getJson("/api/v2/summary.json?lang=en");
    expect(byParam.page.name).toBe("Huabei service status");
    expect(byParam.components.find((c: any) => c.id === "online-pay").name).toBe("Online checkout");
    const byHeader = await getJson("/api/v2/components.json", { "accept-language": "en-US,en;q=0.9" });
    expect(byHeader.components.find((c: any) => c.id === "app-login").name).toBe("Login & app");
  });
});

describe("caching and CORS", () => {
  it("sends CORS *, a 30 s Cache-Control and an ETag; If-None-Match answers 304", async () => {
    const first = await get("/api/v2/status.json", { origin: "https://widget.example" });
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.headers.get("cache-control")).toBe("public, max-age=30");
    expect(first.headers.get("content-type")).toContain("application/json");
    const tag = first.headers.get("etag");
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    await first.arrayBuffer();

    const again = await get("/api/v2/status.json", { origin: "https://widget.example", "if-none-match": tag! });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(tag);
    expect(again.headers.get("access-control-allow-origin")).toBe("*");
    expect(again.headers.get("cache-control")).toBe("public, max-age=30");
    expect(await again.text()).toBe("");

    const stale = await get("/api/v2/status.json", { "if-none-match": '"0000"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it("answers CORS preflight", async () => {
    const response = await exports.default.fetch(`${BASE}/api/v2/summary.json`, {
      method: "OPTIONS",
      headers: { origin: "https://widget.example", "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("GET");
  });

  it("changes the ETag when the content changes", async () => {
    const before = (await get("/api/v2/components.json")).headers.get("etag");
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "ETag probe",
      components: { "app-login": "degraded_performance" },
    });
    const after = await get("/api/v2/components.json", { "if-none-match": before! });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    await after.arrayBuffer();
    await resolveIncident(db, incident.id, { body: "ok" });
  });
});

describe("an incident's lifecycle", () => {
  it("appears in summary.json and the incident lists, then resolves", async () => {
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "Checkout failing",
      status: "investigating",
      body: "We are looking into failed payments.",
      components: { "online-pay": "major_outage", repayment: "degraded_performance" },
    });

    const open = await getJson("/api/v2/summary.json");
    const listed = open.incidents.find((i: any) => i.id === incident.id);
    expect(listed).toBeDefined();
    for (const key of INCIDENT_KEYS) expect(listed).toHaveProperty(key);
    expect(listed).toMatchObject({
      name: "Checkout failing",
      status: "investigating",
      impact: "critical",
      page_id: "huabei",
      resolved_at: null,
      monitoring_at: null,
    });
    expect(listed.shortlink).toBe(`${BASE}/incidents/${incident.id}`);
    expect(listed.components.map((c: any) => c.id).sort()).toEqual(["online-pay", "repayment"]);
    expect(listed.incident_updates).toHaveLength(1);
    const update = listed.incident_updates[0];
    for (const key of UPDATE_KEYS) expect(update).toHaveProperty(key);
    expect(update).toMatchObject({
      status: "investigating",
      body: "We are looking into failed payments.",
      incident_id: incident.id,
    });
    expect(update.affected_components).toContainEqual({
      code: "online-pay",
      name: "线上支付",
      old_status: "operational",
      new_status: "major_outage",
    });
    const online = open.components.find((c: any) => c.id === "online-pay");
    expect(online).toMatchObject({ status: "major_outage", status_source: "declared" });
    expect(open.components.find((c: any) => c.id === "payments").status).toBe("major_outage");
    // One of several components in major outage: Statuspage's "Partial System Outage".
    expect(open.status).toEqual({ indicator: "major", description: "Partial System Outage" });

    const unresolved = await getJson("/api/v2/incidents/unresolved.json");
    expect(unresolved.incidents.map((i: any) => i.id)).toContain(incident.id);
    expect(Object.keys(unresolved).sort()).toEqual(["incidents", "page"]);

    await resolveIncident(db, incident.id, { body: "Payments work again." });
    const after = await getJson("/api/v2/summary.json");
    expect(after.incidents.map((i: any) => i.id)).not.toContain(incident.id);
    expect(after.components.find((c: any) => c.id === "online-pay").status).toBe("operational");
    expect(after.status.indicator).toBe("none");

    const all = await getJson("/api/v2/incidents.json");
    const resolved = all.incidents.find((i: any) => i.id === incident.id);
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolved_at).not.toBeNull();
    expect(resolved.incident_updates.map((u: any) => u.status)).toEqual(["resolved", "investigating"]);
    expect((await getJson("/api/v2/incidents/unresolved.json")).incidents.map((i: any) => i.id)).not.toContain(
      incident.id,
    );
  });
});

describe("scheduled maintenance", () => {
  it("lists upcoming maintenance, and active maintenance while its window is open", async () => {
    const now = Date.now();
    const upcoming = await scheduleMaintenance(db, {
      serviceId: "huabei",
      name: "Database upgrade",
      body: "Repayments pause for an hour.",
      scheduledFor: now + 86_400_000,
      scheduledUntil: now + 90_000_000,
      components: ["repayment"],
    });
    const running = await scheduleMaintenance(db, {
      serviceId: "huabei",
      name: "Card network switch",
      scheduledFor: now - 60_000,
      scheduledUntil: now + 3_600_000,
      components: ["offline-pay"],
    });

    const up = await getJson("/api/v2/scheduled-maintenances/upcoming.json");
    expect(up.scheduled_maintenances.map((m: any) => m.id)).toEqual([upcoming.incident.id]);
    expect(up.scheduled_maintenances[0]).toMatchObject({
      status: "scheduled",
      impact: "maintenance",
      name: "Database upgrade",
    });
    expect(up.scheduled_maintenances[0].scheduled_for).toBe(new Date(now + 86_400_000).toISOString());

    const active = await getJson("/api/v2/scheduled-maintenances/active.json");
    expect(active.scheduled_maintenances.map((m: any) => m.id)).toEqual([running.incident.id]);
    expect(active.scheduled_maintenances[0].status).toBe("in_progress");

    const summary = await getJson("/api/v2/summary.json");
    expect(summary.scheduled_maintenances.map((m: any) => m.id).sort()).toEqual(
      [upcoming.incident.id, running.incident.id].sort(),
    );
    expect(summary.components.find((c: any) => c.id === "offline-pay").status).toBe("under_maintenance");
    expect(summary.status).toEqual({ indicator: "maintenance", description: "Service Under Maintenance" });

    const all = await getJson("/api/v2/scheduled-maintenances.json");
    expect(all.scheduled_maintenances.map((m: any) => m.id)).toEqual(
      expect.arrayContaining([upcoming.incident.id, running.incident.id]),
    );
    expect(Object.keys(all).sort()).toEqual(["page", "scheduled_maintenances"]);
  });
});
