import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createIncident } from "../../../src/data/incident-writes";
import { admin, adminJson, BASE } from "../../admin-helpers";
import { postReport } from "../../helpers";
import { db } from "../../seed";
import { linkParts, newAddress, postForm, postJson, recordConfirmations } from "./helpers";

// Contact data is kept for sending only: no admin answer, export or console page ever holds an address.

const email = newAddress("privacy.example");
const pending = newAddress("privacy.example");
const robot = `https://oapi.dingtalk.com/robot/send?access_token=${crypto.randomUUID().replaceAll("-", "")}`;
const endpoint = `https://fcm.googleapis.com/fcm/send/${crypto.randomUUID()}`;
const secret = "SECprivacy0123456789";
/** Strings that must appear in no admin answer. */
const contacts = [
  email,
  pending,
  robot,
  endpoint,
  new URL(robot).searchParams.get("access_token")!,
  new URL(endpoint).pathname,
  secret,
];

beforeAll(async () => {
  const sent = recordConfirmations();
  expect((await postJson("/api/subscriptions", { channel: "email", address: email })).status).toBe(202);
  expect((await postJson("/api/subscriptions", { channel: "email", address: pending })).status).toBe(202);
  expect((await postJson("/api/subscriptions", { channel: "dingtalk", address: robot, secret })).status).toBe(202);
  const push = {
    endpoint,
    keys: {
      p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
      auth: "tBHItJI5svbpez7KI4CCXg",
    },
  };
  expect((await postJson("/api/subscriptions", { channel: "push", push })).status).toBe(202);
  const confirmation = sent.find((s) => s.subscriber.address === email)!;
  const { id, token } = linkParts(confirmation.url);
  expect((await postForm("/subscriptions/confirm", { id, token })).status).toBe(200);
  // Something in the other lists and the export, too.
  await createIncident(db, { serviceId: "huabei", name: "线上支付失败", components: { "online-pay": "major_outage" } });
  expect((await postReport({ component: "online-pay", symptom: "payment_failed" })).status).toBe(201);
});

afterAll(() => {
  vi.restoreAllMocks();
});

function expectNoContact(text: string, where: string): void {
  for (const contact of contacts) expect(text.includes(contact), `${where} holds ${contact}`).toBe(false);
}

describe("admin answers", () => {
  it("GET /api/admin/subscribers counts per channel, confirmed and pending, and lists no address", async () => {
    const response = await admin("GET", "/api/admin/subscribers");
    expect(response.status).toBe(200);
    const text = await response.text();
    expectNoContact(text, "/api/admin/subscribers");
    const body = JSON.parse(text);
    expect(body.service_id).toBe("huabei");
    const email = body.channels.find((c: { channel: string }) => c.channel === "email");
    expect(email.confirmed).toBeGreaterThanOrEqual(1);
    expect(email.pending).toBeGreaterThanOrEqual(1);
    expect(body.channels.find((c: { channel: string }) => c.channel === "push").confirmed).toBeGreaterThanOrEqual(1);
    expect(body.channels.find((c: { channel: string }) => c.channel === "dingtalk").pending).toBeGreaterThanOrEqual(1);
    expect(Object.keys(body.channels[0]).sort()).toEqual(["channel", "confirmed", "pending"]);
    expect((await admin("GET", "/api/admin/subscribers", undefined, { token: null })).status).toBe(401);
  });

  it("no admin GET of the API document, the report export or the console holds an address", async () => {
    const doc = await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json<{
      paths: Record<string, object>;
    }>();
    const paths = Object.entries(doc.paths)
      .filter(([path, operations]) => path.startsWith("/api/admin") && "get" in operations && !path.includes("{"))
      .map(([path]) => path);
    expect(paths).toContain("/api/admin/subscribers");
    expect(paths.length).toBeGreaterThan(8);
    for (const path of paths) {
      const response = await admin("GET", path);
      expect(response.status, path).toBeLessThan(500);
      expectNoContact(await response.text(), path);
    }
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const exported = await admin("GET", `/api/admin/reports/export?from=${encodeURIComponent(from)}`);
    expect(exported.status).toBe(200);
    const lines = await exported.text();
    expect(lines).toContain("payment_failed");
    expectNoContact(lines, "the report export");
    const console = await exports.default.fetch(`${BASE}/admin`);
    expectNoContact(await console.text(), "/admin");
  });

  it("the subscriber rows hold the contacts (so the checks above could fail)", async () => {
    const rows = JSON.stringify((await env.DB.prepare("SELECT address, keys FROM subscribers").all()).results);
    for (const contact of contacts) expect(rows).toContain(contact);
  });
});

describe("another service's counts", () => {
  it("are its own: a service with no subscribers has zeros; an unknown service is a 400", async () => {
    await adminJson("POST", "/api/admin/services", { service: { preset: "unionpay" } }, 201);
    const body = await adminJson("GET", "/api/admin/subscribers?service=unionpay");
    expect(body.total).toEqual({ confirmed: 0, pending: 0 });
    expect((await admin("GET", "/api/admin/subscribers?service=no-such")).status).toBe(400);
  });
});
