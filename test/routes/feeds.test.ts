import { env, exports } from "cloudflare:workers";
import { XMLValidator } from "fast-xml-parser";
import { detectAtomFeed, detectRssFeed, parseAtomFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { addIncidentUpdate, createIncident, dismissIncident } from "../../src/data/incident-writes";
import { scheduleMaintenance } from "../../src/data/maintenance-writes";
import { database } from "../../src/db/client";
import { UPDATE_STATUS_WORDS } from "../../src/i18n/api-words";

const zh = UPDATE_STATUS_WORDS["zh-CN"];

const BASE = "http://status.test";
const db = database(env.DB);
// Stored text that must come out escaped, never as markup.
const NASTY = `<script>alert("x")</script> & 'quotes' ]]> \u0001`;

let incidentId = "";
let maintenanceId = "";
let dismissedId = "";

beforeAll(async () => {
  const { incident } = await createIncident(db, {
    serviceId: "huabei",
    name: `Checkout <b>down</b> & out`,
    body: NASTY,
    components: { "online-pay": "major_outage" },
  });
  incidentId = incident.id;
  await addIncidentUpdate(db, incidentId, { status: "identified", body: "Found the cause." });
  await addIncidentUpdate(db, incidentId, { status: "resolved", body: "Fixed." });
  const now = Date.now();
  maintenanceId = (
    await scheduleMaintenance(db, {
      serviceId: "huabei",
      name: "Upgrade",
      body: "Planned.",
      scheduledFor: now + 3_600_000,
      scheduledUntil: now + 7_200_000,
      components: ["repayment"],
    })
  ).incident.id;
  const detected = await createIncident(db, {
    serviceId: "huabei",
    name: "False alarm",
    source: "detected",
    detectedKind: "outage",
    components: { "app-login": "degraded_performance" },
  });
  dismissedId = detected.incident.id;
  await dismissIncident(db, dismissedId);
});

/** Atom text constructs parse as { value }; RSS fields as plain strings. */
const text = (t: unknown) => (typeof t === "string" ? t : (t as { value?: string } | undefined)?.value);

async function fetchFeed(path: string) {
  const response = await exports.default.fetch(`${BASE}${path}`);
  expect(response.status).toBe(200);
  return { response, xml: await response.text() };
}

describe("/history.atom", () => {
  it("is well-formed XML and a valid Atom feed with incidents, maintenance and their updates", async () => {
    const { response, xml } = await fetchFeed("/history.atom");
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(response.headers.get("etag")).toBeTruthy();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(detectAtomFeed(xml)).toBe(true);

    const feed = parseAtomFeed(xml);
    expect(feed.id).toBe(`${BASE}/history`);
    expect(text(feed.title)).toBe("花呗服务状态 - 事件历史");
    expect(feed.updated).toBeTruthy();
    expect(feed.links?.some((l) => l.rel === "self" && l.href === `${BASE}/history.atom`)).toBe(true);
    const entries = feed.entries ?? [];
    const ids = entries.map((e) => e.id);
    expect(ids).toContain(`${BASE}/incidents/${incidentId}`);
    expect(ids).toContain(`${BASE}/incidents/${maintenanceId}`);
    expect(ids).not.toContain(`${BASE}/incidents/${dismissedId}`);

    const entry = entries.find((e) => e.id === `${BASE}/incidents/${incidentId}`)!;
    expect(text(entry.title)).toBe(`Checkout <b>down</b> & out (${zh.resolved})`);
    expect(entry.updated).toBeTruthy();
    expect(entry.published).toBeTruthy();
    const content = String(text(entry.content));
    // The HTML content carries each update; stored markup stays text (escaped once more inside the HTML).
    expect(content).toContain(`<strong>${zh.resolved}</strong> - Fixed.`);
    expect(content).toContain(`<strong>${zh.investigating}</strong>`);
    expect(content).toContain("&lt;script&gt;");
    expect(content).not.toContain("<script>");
    expect(xml).not.toContain("\u0001");
  });

  it("speaks English with ?lang=en", async () => {
    const { xml } = await fetchFeed("/history.atom?lang=en");
    const feed = parseAtomFeed(xml);
    expect(text(feed.title)).toBe("Huabei service status - Incident history");
    const entry = feed.entries!.find((e) => e.id === `${BASE}/incidents/${incidentId}`)!;
    expect(String(text(entry.content))).toContain("<strong>Resolved</strong> - Fixed.");
    expect(text(feed.entries!.find((e) => e.id === `${BASE}/incidents/${maintenanceId}`)!.title)).toBe(
      "Upgrade (Scheduled)",
    );
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const { response } = await fetchFeed("/history.atom");
    const again = await exports.default.fetch(`${BASE}/history.atom`, {
      headers: { "if-none-match": response.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
    await again.arrayBuffer();
  });
});

describe("/history.rss", () => {
  it("is well-formed XML and a valid RSS 2.0 feed", async () => {
    const { response, xml } = await fetchFeed("/history.rss");
    expect(response.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(detectRssFeed(xml)).toBe(true);

    const feed = parseRssFeed(xml);
    expect(text(feed.title)).toBe("花呗服务状态 - 事件历史");
    expect(feed.link).toBe(`${BASE}/`);
    expect(feed.description).toBeTruthy();
    const items = feed.items ?? [];
    const item = items.find((i) => i.link === `${BASE}/incidents/${incidentId}`)!;
    expect(item).toBeDefined();
    expect(text(item.title)).toBe(`Checkout <b>down</b> & out (${zh.resolved})`);
    expect(item.guid?.value).toBe(`${BASE}/incidents/${incidentId}`);
    expect(new Date(item.pubDate!).getTime()).not.toBeNaN();
    expect(item.description).toContain(`<strong>${zh.identified}</strong> - Found the cause.`);
    expect(item.description).not.toContain("<script>");
    expect(items.map((i) => i.link)).toContain(`${BASE}/incidents/${maintenanceId}`);
    expect(items.map((i) => i.link)).not.toContain(`${BASE}/incidents/${dismissedId}`);
  });
});
