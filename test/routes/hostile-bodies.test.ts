import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createProbe, createProbeAgent } from "../../src/data/probes";
import { database } from "../../src/db/client";
import { adminJson, BASE, TOKEN } from "../admin-helpers";
import { freshIp } from "../helpers";

// Every endpoint that takes a body, table-driven: too large → 413, malformed
// UTF-8 (or a lone-surrogate escape) → 400, deeply nested JSON → 400, wrong
// content type → 415, an unknown enum value → 400; all in the one JSON error
// shape (the HTML form at POST /report answers its own error page), never 5xx,
// and nothing stored.

const TABLES = [
  "reports",
  "incidents",
  "incident_updates",
  "incident_components",
  "components",
  "component_groups",
  "webhooks",
  "webhook_deliveries",
  "probes",
  "probe_agents",
  "probe_results",
  "probe_daily",
  "recoveries",
  "services",
] as const;

async function counts(): Promise<Record<string, number>> {
  const sql = `SELECT ${TABLES.map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(", ")}`;
  return (await env.DB.prepare(sql).first<Record<string, number>>())!;
}

let agentToken = "";
let incidentId = "";
let maintenanceId = "";
let webhookId = "";

interface Endpoint {
  name: string;
  method: string;
  path: () => string;
  /** A body the endpoint accepts. */
  valid: () => Record<string, unknown>;
  /** The same body with one enum field set to a value the endpoint does not know (null: no enum field). */
  unknownEnum: (() => Record<string, unknown>) | null;
  limit: number;
  auth: () => Record<string, string>;
  /** The HTML form endpoint answers an HTML page rather than JSON. */
  html?: boolean;
  /** The body may be left out (an empty body is "no options"), so an empty body is not an error. */
  optionalBody?: boolean;
  okStatus: number;
}

const admin = () => ({ authorization: `Bearer ${TOKEN}` });
const ADMIN_LIMIT = 64 * 1024;
const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

const ENDPOINTS: Endpoint[] = [
  {
    name: "POST /api/reports",
    method: "POST",
    path: () => "/api/reports",
    valid: () => ({ component: "online-pay", symptom: "system_busy", message_seen: "系统繁忙" }),
    unknownEnum: () => ({ component: "online-pay", symptom: "broken" }),
    limit: 8 * 1024,
    auth: () => ({ "cf-connecting-ip": freshIp() }),
    okStatus: 201,
  },
  {
    name: "POST /api/recoveries",
    method: "POST",
    path: () => "/api/recoveries",
    valid: () => ({ component: "online-pay" }),
    unknownEnum: null,
    limit: 8 * 1024,
    auth: () => ({ "cf-connecting-ip": freshIp() }),
    okStatus: 201,
  },
  {
    name: "POST /api/admin/services",
    method: "POST",
    path: () => "/api/admin/services",
    valid: () => ({ service: { preset: "alipay" } }),
    unknownEnum: null,
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
  {
    name: "PATCH /api/admin/services/{id}",
    method: "PATCH",
    path: () => "/api/admin/services/huabei",
    valid: () => ({ service: { position: 0 } }),
    unknownEnum: null,
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /report (HTML form)",
    method: "POST",
    path: () => "/report",
    valid: () => ({ component: "online-pay", symptom: "system_busy" }),
    unknownEnum: () => ({ component: "online-pay", symptom: "broken" }),
    limit: 8 * 1024,
    auth: () => ({ "cf-connecting-ip": freshIp(), accept: "text/html" }),
    html: true,
    okStatus: 303,
  },
  {
    name: "POST /api/probe-results",
    method: "POST",
    path: () => "/api/probe-results",
    valid: () => ({
      results: [
        { probe_id: "hostile-agent-probe", checked_at: Date.now() - 60_000, ok: false, error_class: "timeout" },
      ],
    }),
    unknownEnum: () => ({
      results: [
        { probe_id: "hostile-agent-probe", checked_at: Date.now() - 60_000, ok: false, error_class: "gremlins" },
      ],
    }),
    limit: 128 * 1024,
    auth: () => ({ authorization: `Bearer ${agentToken}` }),
    okStatus: 202,
  },
  {
    name: "POST /api/admin/incidents",
    method: "POST",
    path: () => "/api/admin/incidents",
    valid: () => ({
      incident: { name: "Checkout errors", body: "Looking into it", components: { "online-pay": "partial_outage" } },
    }),
    unknownEnum: () => ({ incident: { name: "Checkout errors", status: "exploded" } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
  {
    name: "PATCH /api/admin/incidents/{id}",
    method: "PATCH",
    path: () => `/api/admin/incidents/${incidentId}`,
    valid: () => ({ incident: { status: "identified", body: "Found it" } }),
    unknownEnum: () => ({ incident: { impact_override: "apocalyptic", body: "x" } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /api/admin/incidents/{id}/merge",
    method: "POST",
    path: () => `/api/admin/incidents/${incidentId}/merge`,
    valid: () => ({ into: "no-such-incident" }),
    unknownEnum: null,
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 400,
  },
  {
    name: "POST /api/admin/maintenances",
    method: "POST",
    path: () => "/api/admin/maintenances",
    valid: () => ({
      incident: { name: "Upgrade", scheduled_for: later(24), scheduled_until: later(26), component_ids: ["repayment"] },
    }),
    unknownEnum: () => ({
      incident: { name: "Upgrade", status: "in_progress", scheduled_for: later(24), scheduled_until: later(26) },
    }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
  {
    name: "PATCH /api/admin/maintenances/{id}",
    method: "PATCH",
    path: () => `/api/admin/maintenances/${maintenanceId}`,
    valid: () => ({ incident: { body: "Still on" } }),
    unknownEnum: () => ({ incident: { status: "half_done" } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /api/admin/maintenances/{id}/cancel",
    method: "POST",
    path: () => `/api/admin/maintenances/${maintenanceId}/cancel`,
    valid: () => ({ incident: { body: "Called off" } }),
    unknownEnum: null,
    optionalBody: true,
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /api/admin/components",
    method: "POST",
    path: () => "/api/admin/components",
    valid: () => ({ component: { id: "hostile-new", name: "New" } }),
    unknownEnum: () => ({ component: { id: "hostile-enum", name: "New", status: "melting" } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
  {
    name: "PATCH /api/admin/components/{id}",
    method: "PATCH",
    path: () => "/api/admin/components/app-login",
    valid: () => ({ component: { description: "Sign-in" } }),
    unknownEnum: () => ({ component: { status: "melting" } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /api/admin/component-groups",
    method: "POST",
    path: () => "/api/admin/component-groups",
    valid: () => ({ component_group: { id: "hostile-group", name: "Group" } }),
    unknownEnum: null,
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
  {
    name: "POST /api/admin/components/reorder",
    method: "POST",
    path: () => "/api/admin/components/reorder",
    valid: () => ({ order: ["online-pay"] }),
    unknownEnum: null,
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /api/admin/webhooks",
    method: "POST",
    path: () => "/api/admin/webhooks",
    valid: () => ({ webhook: { url: "https://hooks.example/a", events: ["incident.created"] } }),
    unknownEnum: () => ({ webhook: { url: "https://hooks.example/a", events: ["incident.exploded"] } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
  {
    name: "PATCH /api/admin/webhooks/{id}",
    method: "PATCH",
    path: () => `/api/admin/webhooks/${webhookId}`,
    valid: () => ({ webhook: { enabled: false } }),
    unknownEnum: () => ({ webhook: { events: ["nope.never"] } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /api/admin/probes",
    method: "POST",
    path: () => "/api/admin/probes",
    valid: () => ({
      probe: {
        id: "hostile-new-probe",
        component: "online-pay",
        name: "Cashier",
        url: "https://pay.example/",
        enabled: false,
      },
    }),
    unknownEnum: () => ({
      probe: { component: "online-pay", name: "Cashier", url: "https://pay.example/", method: "TRACE" },
    }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
  {
    name: "PATCH /api/admin/probes/{id}",
    method: "PATCH",
    path: () => "/api/admin/probes/hostile-agent-probe",
    valid: () => ({ probe: { name: "Cashier (agent)" } }),
    unknownEnum: () => ({ probe: { runner: "cron" } }),
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 200,
  },
  {
    name: "POST /api/admin/probe-agents",
    method: "POST",
    path: () => "/api/admin/probe-agents",
    valid: () => ({ probe_agent: { name: "Agent", location: "hangzhou" } }),
    unknownEnum: null,
    limit: ADMIN_LIMIT,
    auth: admin,
    okStatus: 201,
  },
];

beforeAll(async () => {
  const db = database(env.DB);
  agentToken = (await createProbeAgent(db, { name: "Hostile", location: "hangzhou" }, Date.now())).token;
  await createProbe(
    db,
    {
      id: "hostile-agent-probe",
      component: "online-pay",
      name: "Cashier",
      url: "https://pay.example/",
      runner: "agent",
    },
    0,
  );
  incidentId = (await adminJson("POST", "/api/admin/incidents", { incident: { name: "Target" } }, 201)).id;
  maintenanceId = (
    await adminJson(
      "POST",
      "/api/admin/maintenances",
      { incident: { name: "Target", scheduled_for: later(48), scheduled_until: later(50) } },
      201,
    )
  ).id;
  webhookId = (
    await adminJson("POST", "/api/admin/webhooks", { webhook: { url: "https://hooks.example/target" } }, 201)
  ).id;
  // Never deliver: the target webhook only exists to be patched.
  await adminJson("PATCH", `/api/admin/webhooks/${webhookId}`, { webhook: { enabled: false } });
});

const encoder = new TextEncoder();

/** The valid body's JSON with `extra` spliced in as the first member. */
function spliced(valid: Record<string, unknown>, extra: string): string {
  return `{${extra},${JSON.stringify(valid).slice(1)}`;
}

/** The valid body padded past the limit with an ignored member. */
function oversized(e: Endpoint): string {
  return spliced(e.valid(), `"padding":"${"x".repeat(e.limit)}"`);
}

/** A body in `chunks` pieces with no Content-Length, so only the streaming limit can stop it. */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 4096));
      offset += 4096;
    },
  });
}

function malformedUtf8(e: Endpoint): Uint8Array {
  const [head, tail] = spliced(e.valid(), `"note":"@@"`).split("@@") as [string, string];
  return new Uint8Array([...encoder.encode(head), 0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80, ...encoder.encode(tail)]);
}

interface Case {
  name: string;
  body: (e: Endpoint) => BodyInit | null;
  type: string | null;
  /** Expected JSON status and error codes; the HTML form answers 4xx with its page. */
  status: number;
  codes: string[];
}

const CASES: Case[] = [
  {
    name: "body over the limit (Content-Length)",
    body: oversized,
    type: "application/json",
    status: 413,
    codes: ["payload_too_large"],
  },
  {
    name: "body over the limit (streamed, no Content-Length)",
    body: (e) => streamed(oversized(e)),
    type: "application/json",
    status: 413,
    codes: ["payload_too_large"],
  },
  { name: "malformed UTF-8", body: malformedUtf8, type: "application/json", status: 400, codes: ["invalid_encoding"] },
  {
    name: "lone surrogate escape",
    body: (e) => spliced(e.valid(), `"note":"\\ud800"`),
    type: "application/json",
    status: 400,
    codes: ["invalid_encoding"],
  },
  {
    name: "deeply nested JSON",
    body: (e) => spliced(e.valid(), `"deep":${"[".repeat(64)}${"]".repeat(64)}`),
    type: "application/json",
    status: 400,
    codes: ["invalid_body"],
  },
  {
    name: "very deeply nested JSON",
    body: () => `${'{"a":'.repeat(1200)}1${"}".repeat(1200)}`,
    type: "application/json",
    status: 400,
    codes: ["invalid_body"],
  },
  {
    name: "not JSON",
    body: () => '{"component": "online-pay",',
    type: "application/json",
    status: 400,
    codes: ["invalid_json"],
  },
  {
    name: "JSON that is not an object",
    body: (e) => `[${JSON.stringify(e.valid())}]`,
    type: "application/json",
    status: 400,
    codes: ["invalid_body"],
  },
  {
    name: "text/plain",
    body: (e) => JSON.stringify(e.valid()),
    type: "text/plain",
    status: 415,
    codes: ["unsupported_media_type"],
  },
  {
    name: "multipart/form-data",
    body: () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
    type: "multipart/form-data; boundary=x",
    status: 415,
    codes: ["unsupported_media_type"],
  },
  {
    name: "no content type",
    body: (e) => JSON.stringify(e.valid()),
    type: null,
    status: 415,
    codes: ["unsupported_media_type"],
  },
  { name: "an empty body", body: () => "", type: "application/json", status: 400, codes: ["invalid_json"] },
];

function formOf(value: Record<string, unknown>): string {
  return new URLSearchParams(
    Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  ).toString();
}

async function send(e: Endpoint, body: BodyInit | null, type: string | null): Promise<Response> {
  const headers: Record<string, string> = { ...e.auth() };
  if (type) headers["content-type"] = type;
  return exports.default.fetch(`${BASE}${e.path()}`, { method: e.method, headers, body, redirect: "manual" });
}

/** Checks the answer's shape and that nothing was stored. */
async function expectRejected(
  e: Endpoint,
  response: Response,
  status: number,
  codes: string[],
  before: Record<string, number>,
) {
  const text = await response.text();
  expect(response.status, `${e.name}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (e.html) {
    // The no-JavaScript form shows its own page with the error, never a raw JSON or a 5xx.
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(text).toContain("<form");
  } else {
    expect(response.status, `${e.name}: ${text.slice(0, 300)}`).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    const parsed = JSON.parse(text) as { error: { code: string; message: string; field?: string } };
    expect(Object.keys(parsed)).toEqual(["error"]);
    expect(codes).toContain(parsed.error.code);
    expect(typeof parsed.error.message).toBe("string");
    expect(parsed.error.message.length).toBeGreaterThan(0);
  }
  expect(await counts()).toEqual(before);
}

describe.each(ENDPOINTS)("$name", (e) => {
  it.each(CASES.filter((c) => !(e.optionalBody && c.name === "an empty body")))(
    "$name",
    async ({ body, type, status, codes }) => {
      const before = await counts();
      // The form endpoint takes urlencoded bodies; the same hostile bytes go in as a form.
      const contentType = e.html && type === "application/json" ? "application/x-www-form-urlencoded" : type;
      const response = await send(e, body(e), contentType);
      await expectRejected(e, response, status, codes, before);
    },
  );

  if (e.unknownEnum) {
    const unknown = e.unknownEnum;
    it("an unknown enum value", async () => {
      const before = await counts();
      const payload = unknown();
      const response = await send(
        e,
        e.html ? formOf(payload) : JSON.stringify(payload),
        e.html ? "application/x-www-form-urlencoded" : "application/json",
      );
      // A symptom code the service does not offer is refused by the service, naming the field.
      await expectRejected(e, response, 400, ["invalid_field", "unknown_symptom"], before);
    });
  }

  it("the valid body itself is accepted (the cases above fail for their one defect)", async () => {
    const valid = e.valid();
    const response = await send(
      e,
      e.html ? formOf(valid) : JSON.stringify(valid),
      e.html ? "application/x-www-form-urlencoded" : "application/json",
    );
    expect(response.status, await response.clone().text()).toBe(e.okStatus);
    await response.body?.cancel();
  });
});

describe("POST /api/admin/reports/import (NDJSON)", () => {
  const line = () =>
    JSON.stringify({
      component: "online-pay",
      symptom: "system_busy",
      occurred_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
  const importCases: [string, BodyInit | (() => BodyInit), string | null, number, string][] = [
    [
      "body over the limit",
      () => `${line()}\n`.repeat(Math.ceil((1024 * 1024) / line().length) + 10),
      "application/x-ndjson",
      413,
      "payload_too_large",
    ],
    [
      "body over the limit (streamed)",
      () => streamed(`${line()}\n`.repeat(Math.ceil((1024 * 1024) / line().length) + 10)),
      "application/x-ndjson",
      413,
      "payload_too_large",
    ],
    [
      "malformed UTF-8",
      () => new Uint8Array([...encoder.encode(`${line()}\n`), 0xff, 0xfe]),
      "application/x-ndjson",
      400,
      "invalid_encoding",
    ],
    [
      "lone surrogate escape",
      () => `${line()}\n${line().replace("system_busy", "system_busy").replace("}", ',"message_seen":"\\udc00"}')}`,
      "application/x-ndjson",
      400,
      "invalid_encoding",
    ],
    [
      "deeply nested line",
      () => `${line()}\n${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`,
      "application/x-ndjson",
      400,
      "invalid_field",
    ],
    ["wrong content type", () => line(), "application/json", 415, "unsupported_media_type"],
    ["no content type", () => line(), null, 415, "unsupported_media_type"],
    [
      "unknown enum",
      () => `${line()}\n${line().replace("system_busy", "broken")}`,
      "application/x-ndjson",
      400,
      "unknown_symptom",
    ],
    ["not JSON", () => `${line()}\n{oops`, "application/x-ndjson", 400, "invalid_json"],
  ];

  it.each(importCases)("%s", async (_name, body, type, status, code) => {
    const before = await counts();
    const headers: Record<string, string> = admin();
    if (type) headers["content-type"] = type;
    const response = await exports.default.fetch(`${BASE}/api/admin/reports/import`, {
      method: "POST",
      headers,
      body: typeof body === "function" ? body() : body,
    });
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it("accepts the valid line", async () => {
    const response = await exports.default.fetch(`${BASE}/api/admin/reports/import`, {
      method: "POST",
      headers: { ...admin(), "content-type": "application/x-ndjson" },
      body: line(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ imported: 1, skipped: 0 });
  });
});
