import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createComponent } from "../../src/data/component-writes";
import { adminJson, BASE } from "../admin-helpers";
import { db } from "../seed";

describe("/admin console", () => {
  it("is a server-rendered page with the sign-in form, the forms and every component", async () => {
    await createComponent(db, "xss", { serviceId: "huabei", nameZh: "<img src=x onerror=alert(1)>", nameEn: "x" });
    const response = await exports.default.fetch(`${BASE}/admin`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    const html = await response.text();
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<script type="module" src="/console/main.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/status.css"/>');
    expect(html).toContain('<link rel="stylesheet" href="/admin.css"/>');
    const css = await exports.default.fetch(`${BASE}/admin.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toContain("#console");
    // The sign-in form posts (a token never lands in a URL) and the token field is a password field.
    expect(html).toMatch(/<form id="signin-form" method="post" action="\/admin">/);
    expect(html).toContain('type="password"');
    for (const id of [
      "scope-select",
      "service-list",
      "preset-form",
      "incident-form",
      "maintenance-form",
      "review-list",
      "open-list",
      "maintenance-list",
      "component-list",
      "component-form",
      "group-list",
      "group-form",
      "probe-list",
      "probe-form",
      "agent-list",
      "agent-form",
      "agent-token",
      "webhook-list",
      "webhook-form",
      "webhook-secret",
      "console-texts",
    ])
      expect(html).toContain(`id="${id}"`);
    for (const component of ["online-pay", "offline-pay", "repayment", "credit-account", "app-login"])
      expect(html).toContain(`data-component="${component}"`);
    expect(html).toContain("线上支付");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("test-admin-token");
    expect(html).toContain('data-admin-enabled="1"');
  });

  it("is scoped to ?service=: its components, its zone named beside each time field", async () => {
    await adminJson("POST", "/api/admin/services", { service: { preset: "alipay" } }, 201);
    const html = await (await exports.default.fetch(`${BASE}/admin?service=alipay&lang=en`)).text();
    expect(html).toMatch(/<option value="alipay" selected="">/);
    expect(html).toContain('data-component="alipay-online"');
    expect(html).not.toContain('data-component="online-pay"');
    // The maintenance fields and the scope card name the service's zone, not the browser's (none here).
    expect(html.match(/Asia\/Shanghai \(UTC\+8\)/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('id="m-start" name="scheduled_for" type="datetime-local"');
    // The language link keeps the service.
    expect(html).toContain('href="/admin?lang=zh-CN&amp;service=alipay"');
    // An unknown or disabled service falls back to the default one.
    const fallback = await (await exports.default.fetch(`${BASE}/admin?service=nope`)).text();
    expect(fallback).toMatch(/<option value="huabei" selected="">/);
  });

  it("hands the scripts their words as JSON that cannot close its element", async () => {
    const html = await (await exports.default.fetch(`${BASE}/admin?lang=en`)).text();
    const json = /<script type="application\/json" id="console-texts">([^<]*)<\/script>/.exec(html)?.[1];
    expect(json).toBeDefined();
    const texts = JSON.parse(json!);
    expect(texts.tokenOnce).toMatch(/shown this once/);
    expect(texts.secretOnce).toMatch(/shown this once/);
    expect(texts.statuses.investigating).toBe("Investigating");
  });

  it("speaks English with ?lang=en", async () => {
    const html = await (await exports.default.fetch(`${BASE}/admin?lang=en`)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Declare an incident");
    expect(html).toContain("Online checkout");
  });

  it("drops a sign-in posted without JavaScript and redirects back", async () => {
    const response = await exports.default.fetch(`${BASE}/admin`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "token=secret",
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin");
  });
});
