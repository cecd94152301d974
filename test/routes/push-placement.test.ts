import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../../src/data/incident-writes";
import type { Env } from "../../src/env";
import { app } from "../../src/index";
import { adminJson } from "../admin-helpers";
import { BASE } from "../helpers";
import { db, reportOf, resetStatus, seedReports } from "../seed";

// The browser-notification button (src/views/push-button.tsx) in the sign-up form's slot on the status page, an
// incident page and a verdict page, following what the form follows; with it, the link to the service's web app
// manifest (iPhone Web Push needs a home-screen app). Without a valid VAPID configuration, none of it.

/** A page rendered by the Worker with these variables changed (read caches off: the pages differ by configuration). */
async function render(path: string, vars: Partial<Env> = {}, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(`${BASE}${path}`, init), { ...env, EDGE_CACHE_TTL: "0", ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
const html = async (path: string, vars: Partial<Env> = {}) => (await render(path, vars)).text();

const NO_PUSH: Partial<Env> = { VAPID_PUBLIC_KEY: undefined, VAPID_PRIVATE_KEY: undefined, VAPID_SUBJECT: undefined };
/** Set, but not a P-256 point: the page must not offer a button that could never work. */
const BROKEN_PUSH: Partial<Env> = { VAPID_PUBLIC_KEY: "not-a-key" };

/** The button's attributes (each data-* once), or null when the page has none. */
function button(page: string): Record<string, string> | null {
  const tags = page.match(/<button[^>]*data-push-subscribe[^>]*>/g) ?? [];
  if (tags.length === 0) return null;
  expect(tags).toHaveLength(1);
  return Object.fromEntries(Array.from(tags[0]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g), (m) => [m[1]!, m[2] ?? ""]));
}

/** The sign-up section of the page (the button must be inside its form, in the slot). */
function subscribeForm(page: string): string {
  return page.match(/<form class="subscribe-form"[\s\S]*?<\/form>/)?.[0] ?? "";
}

const count = (page: string, text: string) => page.split(text).length - 1;

/** What the page loads for the button, and its manifest link. */
function pushParts(page: string) {
  return {
    script: count(page, '<script src="/push.js" defer="">'),
    style: count(page, '<link rel="stylesheet" href="/push.css"/>'),
    manifest: page.match(/<link rel="manifest" href="([^"]+)"\/>/)?.[1] ?? null,
  };
}

beforeAll(async () => {
  await adminJson("POST", "/api/admin/services", { service: { preset: "wechat-pay" } }, 201);
});

describe("the status page", () => {
  it("has the button in the sign-up form, for the whole service, with the Worker's key, and links the manifest", async () => {
    const page = await html("/");
    expect(subscribeForm(page)).toMatch(/<div class="subscribe-push"><div class="push-subscribe" data-push="true">/);
    expect(subscribeForm(page)).toContain("data-push-subscribe");
    const attrs = button(page)!;
    expect(attrs).toMatchObject({
      "data-vapid-key": env.VAPID_PUBLIC_KEY,
      "data-service": "huabei",
      "data-endpoint": "/api/subscriptions",
      "data-locale": "zh-CN",
    });
    expect(attrs["data-components"]).toBeUndefined();
    expect(attrs["data-incident"]).toBeUndefined();
    expect(pushParts(page)).toEqual({ script: 1, style: 1, manifest: "/manifest.webmanifest" });
    // The manifest link is in the head, where browsers look for it.
    expect(page.slice(0, page.indexOf("</head>"))).toContain('rel="manifest"');
  });

  it("of another service and in English: that service's endpoint and manifest, the chosen language kept", async () => {
    const page = await html("/s/wechat-pay?lang=en");
    expect(button(page)).toMatchObject({
      "data-service": "wechat-pay",
      "data-endpoint": "/s/wechat-pay/api/subscriptions",
      "data-locale": "en",
    });
    expect(page).toContain(">Turn on browser notifications</button>");
    expect(pushParts(page).manifest).toBe("/s/wechat-pay/manifest.webmanifest?lang=en");
  });

  it("has no button, no push script or style and no manifest without Web Push, or with a broken key", async () => {
    for (const vars of [NO_PUSH, BROKEN_PUSH]) {
      const page = await html("/", vars);
      expect(subscribeForm(page)).toContain('name="address"');
      expect(button(page)).toBeNull();
      expect(page).not.toContain("subscribe-push");
      expect(pushParts(page)).toEqual({ script: 0, style: 0, manifest: null });
    }
  });
});

describe("an incident page", () => {
  it("has the button for that incident while it is open; none without Web Push", async () => {
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "还款失败",
      components: { repayment: "major_outage" },
    });
    try {
      const page = await html(`/incidents/${incident.id}`);
      expect(subscribeForm(page)).toContain("data-push-subscribe");
      const attrs = button(page)!;
      expect(attrs["data-incident"]).toBe(incident.id);
      expect(attrs["data-components"]).toBeUndefined();
      expect(pushParts(page)).toEqual({ script: 1, style: 1, manifest: "/manifest.webmanifest" });
      const without = await html(`/incidents/${incident.id}`, NO_PUSH);
      expect(without).toContain("这次事件有新进展或恢复时");
      expect(button(without)).toBeNull();
      expect(pushParts(without)).toEqual({ script: 0, style: 0, manifest: null });
    } finally {
      await resetStatus();
    }
  });
});

describe("a verdict page", () => {
  it("has the button for the open incident the verdict is about", async () => {
    const now = Date.now();
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "线上支付失败",
      components: { "online-pay": "major_outage" },
      startedAt: now - 10 * 60_000,
    });
    const id = crypto.randomUUID();
    await seedReports([reportOf({ component: "online-pay", symptom: "payment_failed" }, { id, receivedAt: now })]);
    try {
      const page = await html(`/report/${id}`);
      expect(subscribeForm(page)).toContain("data-push-subscribe");
      expect(button(page)).toMatchObject({ "data-incident": incident.id });
      expect(pushParts(page)).toEqual({ script: 1, style: 1, manifest: "/manifest.webmanifest" });
    } finally {
      await resetStatus();
    }
  });

  it("has the button for the component when nothing is open; none without Web Push", async () => {
    const id = crypto.randomUUID();
    await seedReports([reportOf({ component: "repayment", symptom: "other" }, { id, receivedAt: Date.now() })]);
    const attrs = button(await html(`/report/${id}`))!;
    expect(attrs["data-components"]).toBe("repayment");
    expect(attrs["data-incident"]).toBeUndefined();
    const without = await html(`/report/${id}`, NO_PUSH);
    expect(subscribeForm(without)).toContain('value="repayment"');
    expect(button(without)).toBeNull();
    expect(pushParts(without)).toEqual({ script: 0, style: 0, manifest: null });
  });
});

describe("the report form", () => {
  it("links the manifest (with JavaScript the verdict replaces its content in place), and has no button itself", async () => {
    const page = await html("/report");
    expect(pushParts(page)).toEqual({ script: 0, style: 0, manifest: "/manifest.webmanifest" });
    expect(pushParts(await html("/report", NO_PUSH)).manifest).toBeNull();
  });
});

describe("the sign-up form shown again with its errors (POST /subscribe)", () => {
  it("keeps the button for the same scope", async () => {
    const response = await render(
      "/subscribe",
      {},
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "channel=email&scope=component&components=repayment&address=not-an-address",
      },
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('aria-invalid="true"');
    expect(button(page)).toMatchObject({ "data-components": "repayment" });
  });
});

describe("/manifest.webmanifest", () => {
  async function manifest(path: string, init: RequestInit = {}) {
    const response = await render(path, {}, init);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/manifest+json; charset=utf-8");
    return response.json() as Promise<Record<string, unknown>>;
  }

  it("is a standalone web app named after the service, opening its status page, in the reader's language", async () => {
    expect(await manifest("/manifest.webmanifest")).toEqual({
      id: "/",
      name: "花呗服务状态",
      short_name: "花呗",
      lang: "zh-CN",
      dir: "ltr",
      start_url: "/",
      scope: "/",
      display: "standalone",
      background_color: "#f6f7f9",
      theme_color: "#ffffff",
      icons: [
        { src: "/push-icon.png", sizes: "192x192", type: "image/png" },
        { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
      ],
    });
    const en = await manifest("/manifest.webmanifest", { headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(en).toMatchObject({ name: "Huabei service status", short_name: "Huabei", lang: "en", start_url: "/" });
  });

  it("of another service: its own app, at its own address", async () => {
    const wechat = await manifest("/s/wechat-pay/manifest.webmanifest?lang=en");
    expect(wechat).toMatchObject({
      id: "/s/wechat-pay",
      name: "WeChat Pay service status",
      start_url: "/s/wechat-pay?lang=en",
      scope: "/s/wechat-pay",
      display: "standalone",
    });
  });
});
