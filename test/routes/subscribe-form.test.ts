import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { addIncidentUpdate, createIncident } from "../../src/data/incident-writes";
import { adminJson } from "../admin-helpers";
import { BASE, fetchUncached } from "../helpers";
import { db, reportOf, resetStatus, seedReports } from "../seed";

// "Tell me when it's fixed" (恢复时通知我) on the pages: the status page (the whole service, components to
// choose in a <details>), an incident page (that incident), a verdict page (its incident, else its component).

const worker = exports as unknown as { default: { fetch: typeof fetch } };
const get = (path: string) => worker.default.fetch(`${BASE}${path}`, { redirect: "manual" });

/** The page's sign-up section, or "" when it has none. */
function subscribeSection(html: string): string {
  return html.match(/<section class="card subscribe" id="subscribe"[\s\S]*?<\/section>/)?.[0] ?? "";
}

/** The hidden fields of the sign-up form. */
function hiddenFields(section: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of section.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  return fields;
}

/** The size of a stylesheet or script of public/, as the browser loads it (test/setup/public-assets.ts). */
function assetBytes(path: string): number {
  const bytes = inject("publicAssetBytes")[path];
  if (bytes === undefined) throw new Error(`no asset ${path}`);
  return bytes;
}

beforeAll(async () => {
  await adminJson("POST", "/api/admin/services", { service: { preset: "wechat-pay" } }, 201);
});

describe("the status page", () => {
  it("has the form for the whole service, posting to /subscribe, with components to choose in a <details>", async () => {
    const html = await (await get("/")).text();
    const section = subscribeSection(html);
    expect(section).toContain("恢复时通知我");
    expect(section).toMatch(/<form class="subscribe-form" method="post" action="\/subscribe">/);
    expect(hiddenFields(section)).toEqual({ channel: "email", scope: "service" });
    expect(section).toMatch(/<input id="subscribe-address" name="address" type="email"/);
    expect(section).toMatch(/<details class="subscribe-some">[\s\S]*name="components" value="online-pay"/);
    expect(section).toContain('<option value="zh-CN" lang="zh-CN" selected="">简体中文</option>');
    expect(section).toContain('href="/how#how-privacy"');
  });

  it("in English, and at /s/{service} for that service", async () => {
    const en = subscribeSection(await (await get("/?lang=en")).text());
    expect(en).toContain("Tell me when it&#39;s fixed");
    expect(en).toContain('action="/subscribe?lang=en"');
    expect(en).toContain('<option value="en" lang="en" selected="">English</option>');
    const other = subscribeSection(await (await get("/s/wechat-pay")).text());
    expect(other).toContain('action="/s/wechat-pay/subscribe"');
    expect(other).toContain('value="wechat-pay-online"');
    expect(other).not.toContain('value="online-pay"');
  });

  it("keeps / within its weight budget (60 KB of HTML, CSS and JS) with Web Push on, the form a small part of it", async () => {
    const response = await fetchUncached("/");
    const html = await response.text();
    const bytes = (text: string) => new TextEncoder().encode(text).byteLength;
    const assets = [
      ...new Set([
        ...[...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!),
        ...[...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!),
      ]),
    ];
    // The test Worker has a VAPID key (vitest.config.ts): the notification button and its script are on the page
    // (public/push-subscribe.js, which subscribes, loads on the button's click only).
    expect(assets).toEqual(expect.arrayContaining(["/subscribe.css", "/push.css", "/push.js"]));
    const total = bytes(html) + assets.reduce((sum, path) => sum + assetBytes(path), 0);
    const pushHtml = html.match(/<div class="push-subscribe"[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(pushHtml).toContain("data-push-subscribe");
    const push = bytes(pushHtml) + assetBytes("/push.css") + assetBytes("/push.js");
    const form = bytes(subscribeSection(html)) - bytes(pushHtml) + assetBytes("/subscribe.css");
    console.log(`/ weighs ${total} bytes here (the e-mail form ${form} of them, the notification button ${push})`);
    expect(total).toBeLessThanOrEqual(60 * 1024);
    expect(form).toBeLessThanOrEqual(3 * 1024);
    expect(push).toBeLessThanOrEqual(4 * 1024);
    expect(assets).not.toContain("/push-subscribe.js");
  });
});

describe("an incident page", () => {
  it("follows that incident while it is open, and the whole service once it is over", async () => {
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "还款失败",
      components: { repayment: "major_outage" },
    });
    try {
      const open = subscribeSection(await (await fetchUncached(`/incidents/${incident.id}`)).text());
      expect(hiddenFields(open)).toEqual({ channel: "email", scope: "incident", incident: incident.id });
      expect(open).toContain("这次事件有新进展或恢复时");
      expect(open).not.toContain("<details");
      await addIncidentUpdate(db, incident.id, { status: "resolved", body: "已恢复。" });
      const over = subscribeSection(await (await fetchUncached(`/incidents/${incident.id}`)).text());
      expect(hiddenFields(over)).toEqual({ channel: "email", scope: "service" });
    } finally {
      await resetStatus();
    }
  });
});

describe("a verdict page", () => {
  it("follows the open incident the verdict is about", async () => {
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
      const section = subscribeSection(await (await get(`/report/${id}`)).text());
      expect(hiddenFields(section)).toEqual({ channel: "email", scope: "incident", incident: incident.id });
    } finally {
      await resetStatus();
    }
  });

  it("follows the component when nothing is open", async () => {
    const id = crypto.randomUUID();
    await seedReports([reportOf({ component: "repayment", symptom: "other" }, { id, receivedAt: Date.now() })]);
    const section = subscribeSection(await (await get(`/report/${id}`)).text());
    expect(hiddenFields(section)).toEqual({ channel: "email", scope: "component", components: "repayment" });
    expect(section).toContain("还款出现故障或恢复正常时");
  });
});

describe("/how", () => {
  it("says what is kept about subscribers, in both languages", async () => {
    const zh = await (await get("/how")).text();
    expect(zh).toContain("只用于发送通知");
    expect(zh).toContain("确认链接 48 小时内没有使用，这次登记也会删除");
    expect(zh).toContain("地址从不导出、不写入日志，也不出现在 webhook 里");
    const en = await (await get("/how?lang=en")).text();
    expect(en).toContain("used only to send you notices");
    expect(en).toContain("goes unused for 48 hours is deleted too");
    expect(en).toContain("never exported, logged or put in webhooks");
  });
});
