/// <reference types="vite/client" />
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { adminJson, BASE, TOKEN } from "../admin-helpers";
import { postReport } from "../helpers";

// Stored text is escaped everywhere it is shown: the payloads go in through the
// public and admin APIs as given, and every surface that shows them is read back.

const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1)>';
const BOTH = `${SCRIPT} ${IMG}`;

// What must never appear in HTML or XML: the payloads' live markup.
const RAW = [SCRIPT, "<img src=x onerror", "<script>"];
// How the text appears once escaped for HTML/XML content (quotes may or may not be entities).
const ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;";
const ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;";

const COMPONENT = "xss-comp";
let incidentId = "";
let maintenanceId = "";
let reportId = "";

function get(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(`${BASE}${path}`, { headers });
}

/** The page's own scripts are external (`<script src=...>`); drop those tags before looking for injected ones. */
function withoutOwnScripts(text: string): string {
  return text.replace(/<script src="[^"]*"( defer)?( type="module")?><\/script>/g, "");
}

function expectNoRawPayload(text: string, where: string) {
  const body = withoutOwnScripts(text);
  for (const raw of RAW) expect(body.includes(raw), `${where} contains raw ${raw}`).toBe(false);
  expect(/<img\b/i.test(body), `${where} contains an <img> tag`).toBe(false);
  // Outside quoted attribute values (where escaped text may sit), no tag has an onerror attribute.
  expect(/<[^>]*\sonerror\s*=/i.test(body.replace(/"[^"]*"/g, '""')), `${where} contains an onerror attribute`).toBe(
    false,
  );
}

/** XML text decoded once: what a feed reader gets as the entry's HTML. */
function xmlDecode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

beforeAll(async () => {
  // A component whose names are the payloads (zh: <script>, en: "><img>), shown degraded.
  await adminJson(
    "POST",
    "/api/admin/components",
    { component: { id: COMPONENT, name_zh: SCRIPT, name_en: IMG, description: BOTH, status: "degraded_performance" } },
    201,
  );
  // An incident on it: payloads in the name, the first update and a later one.
  const incident = await adminJson(
    "POST",
    "/api/admin/incidents",
    { incident: { name: BOTH, body: IMG, status: "investigating", components: { [COMPONENT]: "major_outage" } } },
    201,
  );
  incidentId = incident.id;
  await adminJson("PATCH", `/api/admin/incidents/${incidentId}`, {
    incident: { status: "identified", body: `${SCRIPT} update` },
  });
  // Maintenance, upcoming, with the payloads in name and body.
  const start = Date.now() + 3_600_000;
  const maintenance = await adminJson(
    "POST",
    "/api/admin/maintenances",
    {
      incident: {
        name: `${IMG} window`,
        body: `${SCRIPT} maintenance`,
        scheduled_for: new Date(start).toISOString(),
        scheduled_until: new Date(start + 3_600_000).toISOString(),
        component_ids: [COMPONENT],
      },
    },
    201,
  );
  maintenanceId = maintenance.id;
  // A report through the public API with the payloads as message_seen.
  const response = await postReport({ component: COMPONENT, symptom: "system_busy", message_seen: BOTH });
  expect(response.status).toBe(201);
  reportId = (await response.json<{ id: string }>()).id;
});

describe("payloads are stored as given", () => {
  it("keeps the raw text in D1 (escaping is the output's job)", async () => {
    const incident = await env.DB.prepare("SELECT name FROM incidents WHERE id = ?")
      .bind(incidentId)
      .first<{ name: string }>();
    expect(incident?.name).toBe(BOTH);
    const component = await env.DB.prepare("SELECT name_zh, name_en FROM components WHERE id = ?")
      .bind(COMPONENT)
      .first<{ name_zh: string; name_en: string }>();
    expect(component).toEqual({ name_zh: SCRIPT, name_en: IMG });
    const report = await env.DB.prepare("SELECT message_seen FROM reports WHERE id = ?")
      .bind(reportId)
      .first<{ message_seen: string }>();
    expect(report?.message_seen).toBe(BOTH);
  });
});

describe("HTML surfaces escape stored text", () => {
  const pages: [string, () => string, string[]][] = [
    ["status page (zh)", () => "/", [ESCAPED_SCRIPT]],
    ["status page (en)", () => "/?lang=en", [ESCAPED_IMG]],
    ["incident page", () => `/incidents/${incidentId}`, [ESCAPED_SCRIPT, ESCAPED_IMG]],
    ["incident page (en)", () => `/incidents/${incidentId}?lang=en`, [ESCAPED_SCRIPT, ESCAPED_IMG]],
    ["maintenance page", () => `/incidents/${maintenanceId}`, [ESCAPED_SCRIPT, ESCAPED_IMG]],
    ["history", () => "/history", [ESCAPED_SCRIPT, ESCAPED_IMG]],
    ["history (en)", () => "/history?lang=en", [ESCAPED_IMG]],
    ["verdict page", () => `/report/${reportId}`, []],
    ["verdict page (en)", () => `/report/${reportId}?lang=en`, []],
    ["report form", () => `/report?component=${encodeURIComponent(SCRIPT)}`, [ESCAPED_SCRIPT]],
    ["admin console", () => "/admin", [ESCAPED_SCRIPT]],
    ["admin console (en)", () => "/admin?lang=en", [ESCAPED_IMG]],
  ];

  it.each(pages)("%s", async (where, path, expected) => {
    const response = await get(path());
    expect(response.status, where).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expectNoRawPayload(html, where);
    for (const escaped of expected) expect(html, `${where} shows ${escaped}`).toContain(escaped);
  });

  it("the admin console scripts write stored text with textContent only", () => {
    const scripts = import.meta.glob<string>("../../public/console/*.js", {
      query: "?raw",
      import: "default",
      eager: true,
    });
    expect(Object.keys(scripts).length).toBeGreaterThan(5);
    for (const [file, source] of Object.entries(scripts)) {
      expect(source, file).not.toMatch(/\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/);
    }
  });
});

describe("feeds and badges escape stored text", () => {
  it.each([
    ["/history.atom", "application/atom+xml"],
    ["/history.rss", "application/rss+xml"],
    ["/history.atom?lang=en", "application/atom+xml"],
  ])("%s", async (path, type) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(type);
    const xml = await response.text();
    expectNoRawPayload(xml, path);
    // Titles are text: escaped once. Entry content is HTML inside XML: escaped twice,
    // so a feed reader that renders it as HTML still shows text, not markup.
    expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(xml).toContain("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;");
    expect(xml).toContain("&amp;lt;img src=x onerror=alert(1)&amp;gt;");
    const entries = [...xml.matchAll(/<(content type="html"|description)>([\s\S]*?)<\/(content|description)>/g)].map(
      (m) => xmlDecode(m[2]!),
    );
    expect(entries.some((html) => html.includes(ESCAPED_SCRIPT))).toBe(true);
    for (const html of entries) expectNoRawPayload(html, `${path} entry HTML`);
  });

  it.each([
    [`/badge/${COMPONENT}.svg`, ESCAPED_SCRIPT],
    [`/badge/${COMPONENT}.svg?lang=en`, ESCAPED_IMG],
    ["/badge.svg", null],
  ])("%s", async (path, escaped) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("image/svg+xml");
    const svg = await response.text();
    expectNoRawPayload(svg, path);
    if (escaped) expect(svg).toContain(escaped);
  });
});

describe("JSON surfaces carry the raw text with a JSON content type", () => {
  it("/api/v2/summary.json", async () => {
    const response = await get("/api/v2/summary.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const summary = await response.json<any>();
    expect(summary.incidents.find((i: any) => i.id === incidentId)?.name).toBe(BOTH);
    expect(summary.components.find((c: any) => c.id === COMPONENT)?.name).toBe(SCRIPT);
    expect(summary.scheduled_maintenances.find((m: any) => m.id === maintenanceId)?.name).toBe(`${IMG} window`);
  });

  it("GET /api/reports/{id}", async () => {
    const response = await get(`/api/reports/${reportId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
  });

  it("the admin report export (NDJSON, as an attachment)", async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const response = await exports.default.fetch(`${BASE}/api/admin/reports/export?from=${encodeURIComponent(from)}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.find((l) => l.id === reportId)?.message_seen).toBe(BOTH);
  });

  it("the admin incident API", async () => {
    const response = await exports.default.fetch(`${BASE}/api/admin/incidents/${incidentId}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.headers.get("content-type")).toContain("application/json");
    const incident = await response.json<any>();
    expect(incident.name).toBe(BOTH);
    expect(incident.incident_updates.map((u: any) => u.body)).toEqual(
      expect.arrayContaining([IMG, `${SCRIPT} update`]),
    );
  });
});
