import { env, exports } from "cloudflare:workers";
import { Validator } from "@cfworker/json-schema";
import { beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../../src/data/incident-writes";
import { scheduleMaintenance } from "../../src/data/maintenance-writes";
import { database } from "../../src/db/client";
import { admin, BASE } from "../admin-helpers";

let doc: any;

beforeAll(async () => {
  const response = await exports.default.fetch(`${BASE}/api/openapi.json`);
  expect(response.status).toBe(200);
  doc = await response.json();
  // Real data in every list, so the item schemas are exercised too.
  const db = database(env.DB);
  const now = Date.now();
  await createIncident(db, {
    serviceId: "huabei",
    name: "Open",
    body: "x",
    components: { "online-pay": "partial_outage" },
  });
  await createIncident(db, {
    serviceId: "huabei",
    name: "Detected",
    source: "detected",
    detectedKind: "outage",
    evidence: { n: 1 },
    components: { repayment: "degraded_performance" },
  });
  await scheduleMaintenance(db, {
    serviceId: "huabei",
    name: "Soon",
    scheduledFor: now + 3_600_000,
    scheduledUntil: now + 7_200_000,
    components: ["app-login"],
  });
  await scheduleMaintenance(db, {
    serviceId: "huabei",
    name: "Now",
    scheduledFor: now - 60_000,
    scheduledUntil: now + 3_600_000,
    components: ["offline-pay"],
  });
});

/** The JSON schema the document declares for one response, resolvable against the document's components. */
function responseSchema(method: string, path: string, status: number) {
  const operation = doc.paths[path]?.[method];
  expect(operation, `${method} ${path} is documented`).toBeDefined();
  const schema = operation.responses[String(status)]?.content?.["application/json"]?.schema;
  expect(schema, `${method} ${path} ${status} has a JSON schema`).toBeDefined();
  return { ...schema, components: doc.components };
}

async function expectConforms(response: Response, method: string, path: string): Promise<any> {
  const body = await response.json<any>();
  const result = new Validator(responseSchema(method, path, response.status), "2020-12", false).validate(body);
  expect(result.errors, `${method} ${path} ${response.status}: ${JSON.stringify(result.errors.slice(0, 3))}`).toEqual(
    [],
  );
  expect(result.valid).toBe(true);
  return body;
}

/** Every Statuspage v2 public path this project serves. */
const STATUSPAGE_PATHS = [
  "/api/v2/summary.json",
  "/api/v2/status.json",
  "/api/v2/components.json",
  "/api/v2/incidents.json",
  "/api/v2/incidents/unresolved.json",
  "/api/v2/scheduled-maintenances.json",
  "/api/v2/scheduled-maintenances/upcoming.json",
  "/api/v2/scheduled-maintenances/active.json",
];

describe("/api/openapi.json", () => {
  it("is an OpenAPI 3.1 document covering the public, admin and report APIs", () => {
    expect(doc.openapi).toBe("3.1.0");
    const paths = Object.keys(doc.paths);
    for (const path of [
      ...STATUSPAGE_PATHS,
      "/api/reports",
      "/api/admin/incidents",
      "/api/admin/incidents/{id}",
      "/api/admin/incidents/{id}/merge",
      "/api/admin/maintenances",
      "/api/admin/components",
      "/api/admin/component-groups",
      "/api/admin/webhooks",
      "/history.atom",
      "/badge.svg",
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/api/admin/incidents"].post.security).toEqual([{ bearerAuth: [] }]);
    // The request body is the same zod schema the handler validates with.
    const create = doc.paths["/api/admin/incidents"].post.requestBody.content["application/json"].schema;
    expect(create.$ref).toBe("#/components/schemas/IncidentCreate");
    expect(doc.components.schemas.IncidentCreate.properties.incident.properties.status.enum).toEqual([
      "investigating",
      "identified",
      "monitoring",
      "resolved",
      "postmortem",
    ]);
    expect(doc.components.schemas.Component.properties.status.enum).toEqual([
      "operational",
      "degraded_performance",
      "partial_outage",
      "major_outage",
      "under_maintenance",
    ]);
  });

  it("is served with CORS", async () => {
    const response = await exports.default.fetch(`${BASE}/api/openapi.json`, {
      headers: { origin: "https://x.example" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    await response.arrayBuffer();
  });
});

describe("real responses conform to the document", () => {
  for (const path of STATUSPAGE_PATHS) {
    it(`GET ${path}`, async () => {
      const body = await expectConforms(await exports.default.fetch(`${BASE}${path}`), "get", path);
      expect(body.page.id).toBe("huabei");
    });
  }

  it("the admin API's answers and errors", async () => {
    const created = await expectConforms(
      await admin("POST", "/api/admin/incidents", {
        incident: {
          name: "Doc check",
          status: "identified",
          body: "b",
          components: { "credit-account": "major_outage" },
        },
      }),
      "post",
      "/api/admin/incidents",
    );
    await expectConforms(await admin("GET", "/api/admin/incidents"), "get", "/api/admin/incidents");
    await expectConforms(await admin("GET", `/api/admin/incidents/${created.id}`), "get", "/api/admin/incidents/{id}");
    await expectConforms(
      await admin("PATCH", `/api/admin/incidents/${created.id}`, { incident: { status: "resolved" } }),
      "patch",
      "/api/admin/incidents/{id}",
    );
    await expectConforms(await admin("POST", "/api/admin/incidents", { incident: {} }), "post", "/api/admin/incidents");
    await expectConforms(
      await admin("GET", "/api/admin/incidents", undefined, { token: "nope" }),
      "get",
      "/api/admin/incidents",
    );
    await expectConforms(await admin("GET", "/api/admin/maintenances"), "get", "/api/admin/maintenances");
    await expectConforms(await admin("GET", "/api/admin/components"), "get", "/api/admin/components");
    await expectConforms(await admin("GET", "/api/admin/component-groups"), "get", "/api/admin/component-groups");
    const hook = await expectConforms(
      await admin("POST", "/api/admin/webhooks", {
        webhook: { url: "https://hooks.example/x", events: ["incident.created"] },
      }),
      "post",
      "/api/admin/webhooks",
    );
    await expectConforms(await admin("GET", "/api/admin/webhooks"), "get", "/api/admin/webhooks");
    await expectConforms(
      await admin("GET", `/api/admin/webhooks/${hook.id}/deliveries`),
      "get",
      "/api/admin/webhooks/{id}/deliveries",
    );
  });

  it("our own status paths", async () => {
    const stats = await expectConforms(
      await exports.default.fetch(`${BASE}/api/reports/stats?window=24h`),
      "get",
      "/api/reports/stats",
    );
    expect(stats.buckets.length).toBe(24 * 12);
    await expectConforms(
      await exports.default.fetch(`${BASE}/api/reports/stats?window=2y`),
      "get",
      "/api/reports/stats",
    );
    const uptime = await expectConforms(
      await exports.default.fetch(`${BASE}/api/components/online-pay/uptime?days=90`),
      "get",
      "/api/components/{id}/uptime",
    );
    expect(uptime.days).toHaveLength(90);
    await expectConforms(
      await exports.default.fetch(`${BASE}/api/components/nope/uptime`),
      "get",
      "/api/components/{id}/uptime",
    );
  });

  it("the report API", async () => {
    const response = await exports.default.fetch(`${BASE}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.9" },
      body: JSON.stringify({ component: "online-pay", symptom: "system_busy" }),
    });
    expect(response.status).toBe(201);
    await expectConforms(response, "post", "/api/reports");
  });

  it("rejects a response that breaks the document (the check has teeth)", () => {
    const result = new Validator(responseSchema("get", "/api/v2/status.json", 200), "2020-12", false).validate({
      page: {},
      status: { indicator: "bad" },
    });
    expect(result.valid).toBe(false);
  });
});

describe("/api/docs", () => {
  it("is a self-contained HTML reference (no third-party loads)", async () => {
    const response = await exports.default.fetch(`${BASE}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("/api/v2/summary.json");
    expect(html).toContain("/api/admin/incidents/{id}");
    expect(html).toContain('id="schema-Summary"');
    expect(html).not.toMatch(/<script|https?:\/\/(?!status\.test)[^"'\s]*\.(js|css)/);
  });
});
