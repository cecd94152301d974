import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createComponent } from "../../src/data/component-writes";
import { BASE } from "../admin-helpers";
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
    expect(html).toContain('<script src="/admin.js" defer=""></script>');
    expect(html).toContain('<link rel="stylesheet" href="/status.css"/>');
    expect(html).toContain('<link rel="stylesheet" href="/admin.css"/>');
    const css = await exports.default.fetch(`${BASE}/admin.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toContain("#console");
    // The sign-in form posts (a token never lands in a URL) and the token field is a password field.
    expect(html).toMatch(/<form id="signin-form" method="post" action="\/admin">/);
    expect(html).toContain('type="password"');
    for (const id of ["incident-form", "maintenance-form", "review-list", "open-list", "maintenance-list"])
      expect(html).toContain(`id="${id}"`);
    for (const component of ["online-pay", "offline-pay", "repayment", "credit-account", "app-login"])
      expect(html).toContain(`data-component="${component}"`);
    expect(html).toContain("线上支付");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("test-admin-token");
    expect(html).toContain('data-admin-enabled="1"');
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
