import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createIncident } from "../../../src/data/incident-writes";
import { signUp } from "../../../src/data/subscribers";
import { CONFIRM_TTL_MS, WHOLE_SERVICE } from "../../../src/domain/subscriptions";
import { app } from "../../../src/index";
import { HOUR_MS } from "../../../src/lib/time";
import { confirmationSenders } from "../../../src/notify/confirmation";
import { confirmToken, manageToken } from "../../../src/notify/tokens";
import { adminJson } from "../../admin-helpers";
import { BASE, type ErrorBody, runCronAt } from "../../helpers";
import { db } from "../../seed";
import {
  call,
  linkParts,
  newAddress,
  postForm,
  postJson,
  recordConfirmations,
  type SentConfirmation,
  subscriberByAddress,
} from "./helpers";

// Subscriptions over HTTP: sign-up (JSON and the form without JavaScript), confirmation by a page whose
// button posts, the manage page, RFC 8058 one-click unsubscribe, push unsubscribe, and the errors.

const SECRET = "test-fingerprint-secret";

interface Answer {
  subscription: {
    id: string;
    channel: string;
    status: "pending" | "active";
    follows: { service: string; components: string[] | null; incidents: string[] | null };
  };
}

let sent: SentConfirmation[];

beforeAll(async () => {
  await adminJson("POST", "/api/admin/services", { service: { preset: "wechat-pay" } }, 201);
});

beforeEach(() => {
  sent = recordConfirmations();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function notificationsOf(subscriberId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM notifications WHERE subscriber_id = ?")
    .bind(subscriberId)
    .first<{ n: number }>();
  return row!.n;
}

async function addNotification(subscriberId: string, key: string): Promise<void> {
  const now = Date.now();
  await env.DB.prepare(
    "INSERT INTO notifications (id, subscriber_id, notice_key, state, attempts, created_at, updated_at) VALUES (?, ?, ?, 'sent', 1, ?, ?)",
  )
    .bind(crypto.randomUUID(), subscriberId, key, now, now)
    .run();
}

/** Signs an e-mail address up by JSON and follows the confirmation's link: a confirmed subscriber. */
async function confirmedSubscriber(address = newAddress()): Promise<{ id: string; address: string }> {
  expect((await postJson("/api/subscriptions", { channel: "email", address })).status).toBe(202);
  const confirmation = sent.find((s) => s.subscriber.address === address)!;
  const { id, token } = linkParts(confirmation.url);
  expect((await postForm("/subscriptions/confirm", { id, token })).status).toBe(200);
  return { id, address };
}

describe("POST /api/subscriptions (JSON)", () => {
  it("stores a pending e-mail sign-up, answers 202 and sends one confirmation after the answer", async () => {
    const address = newAddress("Example.COM");
    const response = await postJson("/api/subscriptions", {
      channel: "email",
      address,
      locale: "en",
      components: ["online-pay"],
    });
    expect(response.status).toBe(202);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json<Answer>();
    const row = await subscriberByAddress(address.replace("Example.COM", "example.com"));
    expect(row).toMatchObject({ channel: "email", locale: "en", confirmed_at: null, component_ids: '["online-pay"]' });
    expect(body).toEqual({
      subscription: {
        id: row!.id,
        channel: "email",
        status: "pending",
        follows: { service: "huabei", components: ["online-pay"], incidents: null },
      },
    });
    expect(sent).toHaveLength(1);
    const [confirmation] = sent;
    expect(confirmation!.subscriber.id).toBe(row!.id);
    const link = new URL(confirmation!.url);
    expect(link.origin + link.pathname).toBe(`${BASE}/subscriptions/confirm`);
    expect(link.searchParams.get("id")).toBe(row!.id);
    expect(link.searchParams.get("lang")).toBe("en");
    expect(confirmation!.expiresAt).toBe(Number(row!.confirmation_sent_at) + CONFIRM_TTL_MS);
  });

  it("answers the same for an address signed up before (even a confirmed one), sending nothing more", async () => {
    const { address } = await confirmedSubscriber();
    const before = sent.length;
    const again = await postJson("/api/subscriptions", { channel: "email", address, components: ["repayment"] });
    const fresh = await postJson("/api/subscriptions", {
      channel: "email",
      address: newAddress(),
      components: ["repayment"],
    });
    expect(again.status).toBe(202);
    expect(fresh.status).toBe(202);
    const [a, b] = [await again.json<Answer>(), await fresh.json<Answer>()];
    expect({ ...a.subscription, id: "" }).toEqual({ ...b.subscription, id: "" });
    expect(a.subscription.follows).toEqual({ service: "huabei", components: ["repayment"], incidents: null });
    // Only the new address got a confirmation.
    expect(sent.slice(before).map((s) => s.subscriber.address)).not.toContain(address);
    expect(sent.length - before).toBe(1);
    // The stored follows were widened: the whole service (from the first sign-up) wins.
    expect(await subscriberByAddress(address)).toMatchObject({ component_ids: null, incident_ids: null });
  });

  it("widens an unconfirmed sign-up and sends at most one confirmation an hour", async () => {
    const address = newAddress();
    await postJson("/api/subscriptions", { channel: "email", address, components: ["online-pay"] });
    await postJson("/api/subscriptions", { channel: "email", address, components: ["repayment"] });
    await postJson("/api/subscriptions", { channel: "email", address, components: ["repayment"] });
    expect(sent.filter((s) => s.subscriber.address === address)).toHaveLength(1);
    expect(await subscriberByAddress(address)).toMatchObject({ component_ids: '["online-pay","repayment"]' });
  });

  it("follows an incident of the service", async () => {
    const { incident } = await createIncident(db, {
      serviceId: "huabei",
      name: "线上支付失败",
      components: { "online-pay": "major_outage" },
    });
    const response = await postJson("/api/subscriptions", {
      channel: "email",
      address: newAddress(),
      incident: incident.id,
    });
    expect(response.status).toBe(202);
    expect((await response.json<Answer>()).subscription.follows.incidents).toEqual([incident.id]);
  });

  it("makes push active at once, without a confirmation; DELETE /api/subscriptions/push ends it", async () => {
    const endpoint = `https://fcm.googleapis.com/fcm/send/${crypto.randomUUID()}`;
    const push = {
      endpoint,
      expirationTime: null,
      keys: {
        p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        auth: "tBHItJI5svbpez7KI4CCXg",
      },
    };
    const response = await postJson("/api/subscriptions", { channel: "push", push });
    expect(response.status).toBe(202);
    expect((await response.json<Answer>()).subscription.status).toBe("active");
    expect(sent).toHaveLength(0);
    const row = await subscriberByAddress(endpoint);
    expect(row?.confirmed_at).not.toBeNull();
    expect(JSON.parse(String(row?.keys))).toEqual(push.keys);
    await addNotification(String(row!.id), "n1");

    const deleted = await call("/api/subscriptions/push", {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoint }),
    });
    expect(deleted.status).toBe(204);
    expect(await subscriberByAddress(endpoint)).toBeNull();
    expect(await notificationsOf(String(row!.id))).toBe(0);
    const again = await call("/api/subscriptions/push", {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoint }),
    });
    expect(again.status).toBe(204);
  });

  it("takes a chat robot with its signing secret, pending until confirmed", async () => {
    const address = `https://oapi.dingtalk.com/robot/send?access_token=${crypto.randomUUID().replaceAll("-", "")}`;
    const response = await postJson("/api/subscriptions", {
      channel: "dingtalk",
      address,
      secret: "SEC0123456789abcdef0123",
    });
    expect(response.status).toBe(202);
    expect((await response.json<Answer>()).subscription.status).toBe("pending");
    expect(sent.map((s) => s.subscriber.channel)).toEqual(["dingtalk"]);
    expect(JSON.parse(String((await subscriberByAddress(address))?.keys))).toEqual({
      secret: "SEC0123456789abcdef0123",
    });
  });

  it("signs up for another service at /s/{service}/, with links to that service's pages", async () => {
    const address = newAddress();
    const response = await postJson("/s/wechat-pay/api/subscriptions", {
      channel: "email",
      address,
      components: ["wechat-pay-online"],
    });
    expect(response.status).toBe(202);
    expect((await response.json<Answer>()).subscription.follows.service).toBe("wechat-pay");
    expect(new URL(sent[0]!.url).pathname).toBe("/s/wechat-pay/subscriptions/confirm");
    // The same component id at the default service is another service's: refused.
    const wrong = await postJson("/api/subscriptions", {
      channel: "email",
      address,
      components: ["wechat-pay-online"],
    });
    expect(wrong.status).toBe(400);
  });
});

describe("bad sign-ups are 400s naming the field, and store nothing", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["a bad e-mail address", { channel: "email", address: "not-an-address" }, "address"],
    ["no address", { channel: "email" }, "address"],
    ["an unknown channel", { channel: "pigeon", address: "a@example.com" }, "channel"],
    ["an unknown component", { channel: "email", address: "a@example.com", components: ["nope"] }, "components"],
    [
      "an unknown second component",
      { channel: "email", address: "a@example.com", components: ["online-pay", "nope"] },
      "components.1",
    ],
    ["an unknown incident", { channel: "email", address: "a@example.com", incident: "no-such-incident" }, "incident"],
    [
      "push fields on e-mail",
      {
        channel: "email",
        address: "a@example.com",
        push: { endpoint: "https://x.example/p", keys: { p256dh: "a", auth: "b" } },
      },
      "push",
    ],
    ["an address on push", { channel: "push", address: "a@example.com" }, "address"],
    [
      "a secret on Slack",
      { channel: "slack", address: "https://hooks.slack.com/services/T/B/x", secret: "s" },
      "secret",
    ],
    [
      "a plain http robot",
      { channel: "wecom", address: "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" },
      "address",
    ],
    [
      "a push endpoint that is not https",
      { channel: "push", push: { endpoint: "http://push.example/x", keys: { p256dh: "a", auth: "b" } } },
      "push.endpoint",
    ],
    ["an unknown language", { channel: "email", address: "a@example.com", locale: "fr" }, "locale"],
  ];
  for (const [what, body, field] of cases) {
    it(what, async () => {
      const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers").first<{ n: number }>();
      const response = await postJson("/api/subscriptions", body);
      expect(response.status).toBe(400);
      const error = (await response.json<ErrorBody>()).error;
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
      const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers").first<{ n: number }>();
      expect(after!.n).toBe(before!.n);
      expect(sent).toHaveLength(0);
    });
  }

  it("an incident of another service", async () => {
    const { incident } = await createIncident(db, {
      serviceId: "wechat-pay",
      name: "微信支付故障",
      components: { "wechat-pay-online": "major_outage" },
    });
    const response = await postJson("/api/subscriptions", {
      channel: "email",
      address: newAddress(),
      incident: incident.id,
    });
    expect(response.status).toBe(400);
    expect((await response.json<ErrorBody>()).error.field).toBe("incident");
  });

  it("a post from another site's page is a 403", async () => {
    const response = await postJson(
      "/api/subscriptions",
      { channel: "email", address: newAddress() },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect((await response.json<ErrorBody>()).error.code).toBe("cross_site");
  });
});

describe("hostile and broken requests are 4xx, never a 500", () => {
  it("the API: too large, the wrong media type, not JSON", async () => {
    const big = await postJson("/api/subscriptions", {
      channel: "email",
      address: "a@example.com",
      padding: "x".repeat(9000),
    });
    expect(big.status).toBe(413);
    const text = await call("/api/subscriptions", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: BASE },
      body: "channel=email",
    });
    expect(text.status).toBe(415);
    const broken = await call("/api/subscriptions", {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: "{not json",
    });
    expect(broken.status).toBe(400);
    expect(sent).toHaveLength(0);
  });

  it("the form: a body that cannot be read gets the form again", async () => {
    const response = await call("/subscribe", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE, accept: "text/html" },
      body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('id="subscribe"');
  });

  it("without FINGERPRINT_SECRET nothing is stored: a 503 (API) and a page saying to try later (form)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const noSecret = { ...env, FINGERPRINT_SECRET: undefined };
    const address = newAddress();
    const api = await app.fetch(
      new Request(`${BASE}/api/subscriptions`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE },
        body: JSON.stringify({ channel: "email", address }),
      }),
      noSecret,
      createExecutionContext(),
    );
    expect(api.status).toBe(503);
    expect((await api.json<ErrorBody>()).error.code).toBe("not_configured");
    const form = await app.fetch(
      new Request(`${BASE}/subscribe`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
        body: new URLSearchParams({ channel: "email", address }).toString(),
      }),
      noSecret,
      createExecutionContext(),
    );
    expect(form.status).toBe(503);
    expect(await form.text()).toContain("暂时无法登记，请稍后再试");
    expect(await subscriberByAddress(address)).toBeNull();
    expect(JSON.stringify(log.mock.calls)).not.toContain(address);
  });
});

describe("rate limit", () => {
  it("shares the reports' per-network allowance: 429 with Retry-After, and nothing stored", async () => {
    const ip = "192.0.2.201";
    // Two reports spend part of the same allowance (20 a minute per network, wrangler.toml).
    for (let i = 0; i < 2; i++) {
      const report = await postJson(
        "/api/reports",
        { component: "online-pay", symptom: "other" },
        { "cf-connecting-ip": ip },
      );
      expect(report.status).toBe(201);
    }
    for (let i = 0; i < 18; i++) {
      const ok = await postJson(
        "/api/subscriptions",
        { channel: "email", address: newAddress() },
        { "cf-connecting-ip": ip },
      );
      expect(ok.status).toBe(202);
    }
    const address = newAddress();
    const limited = await postJson("/api/subscriptions", { channel: "email", address }, { "cf-connecting-ip": ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json<ErrorBody>()).error.code).toBe("rate_limited");
    expect(await subscriberByAddress(address)).toBeNull();
    const form = await postForm("/subscribe", { channel: "email", address }, { "cf-connecting-ip": ip });
    expect(form.status).toBe(429);
    expect(await form.text()).toContain("太频繁");
  });
});

describe("POST /subscribe (the form, without JavaScript)", () => {
  it("answers a page saying to check the inbox, and stores the sign-up with its chosen components", async () => {
    const address = newAddress();
    const response = await postForm("/subscribe?lang=en", [
      ["channel", "email"],
      ["scope", "service"],
      ["address", address],
      ["locale", "en"],
      ["components", "online-pay"],
      ["components", "repayment"],
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("Check your inbox");
    expect(html).not.toContain(address);
    expect(await subscriberByAddress(address)).toMatchObject({
      locale: "en",
      component_ids: '["online-pay","repayment"]',
    });
    expect(sent.map((s) => s.subscriber.address)).toEqual([address]);
  });

  it("shows the form again with the error and what was typed, storing nothing", async () => {
    const response = await postForm("/subscribe", { channel: "email", scope: "service", address: "zhang@@qq" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("请填写正确的邮箱地址");
    expect(html).toContain('value="zhang@@qq"');
    expect(html).toMatch(/<form[^>]+action="\/subscribe"/);
    expect(await subscriberByAddress("zhang@@qq")).toBeNull();
  });

  it("keeps the scope of the page it came from when showing the errors", async () => {
    const response = await postForm("/subscribe", {
      channel: "email",
      scope: "component",
      components: "repayment",
      address: "",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('name="components" value="repayment"');
    expect(html).toContain('type="hidden" name="scope" value="component"');
  });

  it("opened as a page, leads to the form on the status page", async () => {
    const response = await call("/s/wechat-pay/subscribe?lang=en");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/s/wechat-pay?lang=en#subscribe");
  });

  it("refuses a post from another site with a page, storing nothing", async () => {
    const address = newAddress();
    const response = await postForm("/subscribe", { channel: "email", address }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await subscriberByAddress(address)).toBeNull();
  });
});

describe("confirming", () => {
  it("a GET shows a button and confirms nothing; its POST confirms and shows the manage page", async () => {
    const address = newAddress();
    await postJson("/api/subscriptions", { channel: "email", address });
    const { id, token, path } = linkParts(sent[0]!.url);

    const page = await call(path);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/subscriptions\/confirm(\?lang=zh-CN)?">/);
    expect(html).toContain(`name="token" value="${token}"`);
    expect((await subscriberByAddress(address))?.confirmed_at).toBeNull();

    const confirmed = await postForm("/subscriptions/confirm", { id, token });
    expect(confirmed.status).toBe(200);
    const manage = await confirmed.text();
    expect(manage).toContain("已确认订阅");
    expect(manage).toContain('action="/subscriptions/unsubscribe?id=');
    const row = await subscriberByAddress(address);
    expect(row?.confirmed_at).not.toBeNull();
    expect(row?.expires_at).toBeNull();
    // The link again: the manage page, not an error.
    expect((await call(path)).status).toBe(200);
  });

  it("an expired link is a 410 page, before and after the sweep deletes the sign-up", async () => {
    const now = Date.now();
    const { subscriber } = await signUp(
      db,
      {
        serviceId: "huabei",
        channel: "email",
        address: newAddress(),
        keys: null,
        locale: "zh-CN",
        follows: WHOLE_SERVICE,
      },
      now - CONFIRM_TTL_MS - HOUR_MS,
    );
    const token = await confirmToken(SECRET, subscriber);
    const path = `/subscriptions/confirm?id=${subscriber.id}&token=${token}`;
    const expired = await call(path);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("链接已过期");
    expect((await postForm("/subscriptions/confirm", { id: subscriber.id, token })).status).toBe(410);
    await runCronAt(now);
    expect(await subscriberByAddress(subscriber.address)).toBeNull();
    expect((await call(path)).status).toBe(410);
  });

  it("a link replaced by a newer confirmation is a 410; the newer one works", async () => {
    const now = Date.now();
    const address = newAddress();
    const { subscriber } = await signUp(
      db,
      { serviceId: "huabei", channel: "email", address, keys: null, locale: "zh-CN", follows: WHOLE_SERVICE },
      now - 2 * HOUR_MS,
    );
    const older = await confirmToken(SECRET, subscriber);
    await postJson("/api/subscriptions", { channel: "email", address });
    expect(sent).toHaveLength(1);
    const replaced = await postForm("/subscriptions/confirm", { id: subscriber.id, token: older });
    expect(replaced.status).toBe(410);
    const newer = linkParts(sent[0]!.url);
    expect((await postForm("/subscriptions/confirm", { id: newer.id, token: newer.token })).status).toBe(200);
  });

  it("a made-up or broken link is a 400 page, never a 500", async () => {
    for (const path of [
      "/subscriptions/confirm",
      "/subscriptions/confirm?id=x&token=y",
      `/subscriptions/confirm?id=x&token=${"A".repeat(54)}`,
      "/subscriptions/confirm?id=x&token=%ZZ",
    ]) {
      const response = await call(path);
      expect(response.status, path).toBe(400);
      expect(await response.text()).toContain("链接无效");
    }
    expect((await postForm("/subscriptions/confirm", { id: "x" })).status).toBe(400);
    const noBody = await call("/subscriptions/confirm", { method: "POST", headers: { origin: BASE } });
    expect(noBody.status).toBe(400);
    expect(noBody.headers.get("content-type")).toContain("text/html");
  });
});

describe("the manage page", () => {
  it("says what it follows, and saves chosen components and the language", async () => {
    const { id } = await confirmedSubscriber();
    const token = await manageToken(SECRET, id);
    const page = await call(`/subscriptions/manage?id=${id}&token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("花呗的全部");
    expect(html).toContain('name="components" value="online-pay"');

    const saved = await postForm("/subscriptions/manage", [
      ["id", id],
      ["token", token],
      ["scope", "chosen"],
      ["components", "repayment"],
      ["components", "online-pay"],
      ["locale", "en"],
    ]);
    expect(saved.status).toBe(303);
    const location = saved.headers.get("location")!;
    expect(location).toContain("saved=1");
    expect(location).toContain("lang=en");
    const row = await env.DB.prepare("SELECT * FROM subscribers WHERE id = ?").bind(id).first();
    expect(row).toMatchObject({ component_ids: '["online-pay","repayment"]', incident_ids: null, locale: "en" });
    const after = await (await call(location)).text();
    expect(after).toContain("Saved.");
    expect(after).toContain("Features: ");
  });

  it("refuses to follow nothing, and a wrong or foreign token", async () => {
    const { id } = await confirmedSubscriber();
    const token = await manageToken(SECRET, id);
    const nothing = await postForm("/subscriptions/manage", { id, token, scope: "chosen" });
    expect(nothing.status).toBe(400);
    expect(await nothing.text()).toContain("请至少选择一项");
    expect((await call(`/subscriptions/manage?id=${id}&token=${await manageToken(SECRET, "other")}`)).status).toBe(400);
    expect((await postForm("/subscriptions/manage", { id, token: "bad", scope: "service" })).status).toBe(400);
    // A manage link at another service's path is not that service's.
    expect((await call(`/s/wechat-pay/subscriptions/manage?id=${id}&token=${token}`)).status).toBe(400);
  });
});

describe("unsubscribing", () => {
  it("RFC 8058 one-click: a mail provider's POST deletes the row and its notifications; again is still 200", async () => {
    const { id, address } = await confirmedSubscriber();
    await addNotification(id, "incident:a:1");
    await addNotification(id, "incident:a:2");
    const token = await manageToken(SECRET, id);
    const oneClick = () =>
      call(`/subscriptions/unsubscribe?id=${id}&token=${token}`, {
        method: "POST",
        // What a mail provider sends: no cookies, no Origin of ours (RFC 8058 §3.2).
        headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" },
        body: "List-Unsubscribe=One-Click",
      });
    const response = await oneClick();
    expect(response.status).toBe(200);
    expect(await subscriberByAddress(address)).toBeNull();
    expect(await notificationsOf(id)).toBe(0);
    expect((await oneClick()).status).toBe(200);
  });

  it("the manage page's button unsubscribes too; a GET only leads to the manage page", async () => {
    const { id, address } = await confirmedSubscriber();
    const token = await manageToken(SECRET, id);
    const get = await call(`/subscriptions/unsubscribe?id=${id}&token=${token}`);
    expect(get.status).toBe(303);
    expect(get.headers.get("location")).toBe(`/subscriptions/manage?id=${id}&token=${token}`);
    expect(await subscriberByAddress(address)).not.toBeNull();
    const posted = await postForm(`/subscriptions/unsubscribe?id=${id}&token=${token}`, {});
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("已退订");
    expect(await subscriberByAddress(address)).toBeNull();
    // Its manage link now says it is gone.
    expect((await call(`/subscriptions/manage?id=${id}&token=${token}`)).status).toBe(410);
  });

  it("a wrong token unsubscribes nothing", async () => {
    const { id, address } = await confirmedSubscriber();
    const response = await call(`/subscriptions/unsubscribe?id=${id}&token=${await manageToken(SECRET, `${id}x`)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(400);
    expect(await subscriberByAddress(address)).not.toBeNull();
  });
});

describe("sending the confirmation", () => {
  it("logs a failure without the address, and the sign-up is still accepted", async () => {
    vi.restoreAllMocks();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const address = newAddress();
    // The default sender of this build (no SMTP, no send_email binding) keeps the confirmation in the outbox.
    const response = await postJson("/api/subscriptions", { channel: "email", address });
    expect(response.status).toBe(202);
    const kept = await env.DB.prepare('SELECT subject, text FROM email_outbox WHERE "to" = ?').bind(address).first<{
      text: string;
    }>();
    expect(kept?.text).toContain("/subscriptions/confirm?id=");
    expect(log).not.toHaveBeenCalled();
    // A sender whose error quotes the recipient (as SMTP servers do).
    vi.spyOn(confirmationSenders, "for").mockReturnValue({
      send: async (subscriber) => {
        throw new Error(`550 5.1.1 <${subscriber.address}>: recipient unknown`);
      },
    });
    const other = newAddress();
    expect((await postJson("/api/subscriptions", { channel: "email", address: other })).status).toBe(202);
    const logged = JSON.stringify(log.mock.calls);
    expect(logged).toContain("recipient unknown");
    expect(logged).not.toContain(address);
    expect(logged).not.toContain(other);
  });
});
