// End-to-end: the admin console's sections beyond incidents (services, the
// service picker, components and groups, probes and agents, webhooks, and
// maintenance times in the service's zone) in Chromium against the real
// Worker. One server, one browser, one page; the tests run in order and build
// on each other. The browser runs in America/New_York on purpose: every time
// the console shows or reads must be the service's (Asia/Shanghai), never the
// browser's. Screenshots go to screenshots/ (git-ignored).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { startServer } from "./server.mjs";

const SHOTS = "screenshots";
const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;
const RUN = randomBytes(3).toString("hex");
const COMPONENT = `e2e-comp-${RUN}`;
const GROUP = `e2e-group-${RUN}`;

let server;
let browser;
let page;
const problems = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // A migrated D1 without the demo (which adds services of its own): the tests add what they need.
  server = await startServer({ vars: { ADMIN_TOKEN: TOKEN }, demo: false });
  browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
    timezoneId: "America/New_York",
  });
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function adminGet(path) {
  const response = await page.request.get(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status(), 200, path);
  return response.json();
}

/** Clicks (or submits) and waits for the console to say the change is saved, and to have reloaded. */
async function saved(action) {
  await page.evaluate(() => {
    document.getElementById("flash").textContent = "";
  });
  await action();
  await page.waitForFunction(
    () => document.getElementById("flash").textContent !== "" && !document.body.hasAttribute("data-loading"),
    null,
    { timeout: 10_000 },
  );
  assert.equal(await page.locator("#flash").textContent(), "Saved.");
}

const item = (list, attribute, id) => page.locator(`#${list} > li[${attribute}="${id}"]`);

/** The Shanghai calendar day `days` from now, as [year, month, day]. */
function shanghaiDay(days) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", dateStyle: "short" })
    .format(Date.now() + days * 86_400_000)
    .split("-");
  return parts.map(Number);
}

describe("admin console sections", () => {
  test("sign in", async () => {
    await page.goto(`${server.url}/admin?lang=en`);
    await page.fill("#token", TOKEN);
    await page.click("#signin-form button[type=submit]");
    await page.locator("#console").waitFor({ state: "visible" });
    assert.equal(new URL(page.url()).searchParams.get("service"), "huabei", "the default service is picked");
    assert.equal(await page.locator("#scope-zone").textContent(), "Asia/Shanghai (UTC+8)");
  });

  test("services: the default is listed, the other presets can be added; adding one lists it", async () => {
    const huabei = item("service-list", "data-service", "huabei");
    assert.ok(await huabei.isVisible());
    assert.equal(await huabei.getByRole("button", { name: "Disable" }).count(), 0, "the default cannot be disabled");
    assert.ok(await page.locator("#scope-submit").isHidden(), "the picker switches without its button");
    const presets = await page.locator("#preset-select option").evaluateAll((o) => o.map((x) => x.value));
    assert.deepEqual(presets.sort(), ["alipay", "jd-pay", "unionpay", "wechat-pay"]);
    await page.selectOption("#preset-select", "alipay");
    await saved(() => page.click("#preset-form button[type=submit]"));
    await item("service-list", "data-service", "alipay").waitFor();
    const { services, available_presets } = await adminGet("/api/admin/services");
    assert.ok(services.some((s) => s.id === "alipay" && s.enabled));
    assert.ok(!available_presets.includes("alipay"));
    assert.ok(!(await page.locator("#preset-select option").allTextContents()).includes("alipay"));
  });

  test("services: a bad override is refused with the API's message naming the field; the text stays", async () => {
    const row = item("service-list", "data-service", "alipay");
    await row.getByRole("button", { name: "Edit configuration (JSON)" }).click();
    const bad = '{ "timeZone": "Mars/Olympus" }';
    await row.locator("textarea").fill(bad);
    await page.evaluate(() => {
      document.getElementById("flash").textContent = "";
    });
    await row.locator("form.editor button[type=submit]").click();
    const error = row.locator("form.editor .form-error");
    await error.waitFor({ state: "visible" });
    assert.match(await error.textContent(), /service\.overrides\.timeZone/);
    assert.equal(await row.locator("textarea").inputValue(), bad, "what was typed is kept");
    assert.equal((await adminGet("/api/admin/services")).services.find((s) => s.id === "alipay").overrides, null);

    await row.locator("textarea").fill('{ "pageTitle": { "zh-CN": "支付宝状态 E2E", "en": "Alipay status E2E" } }');
    await saved(() => row.locator("form.editor button[type=submit]").click());
    const stored = (await adminGet("/api/admin/services")).services.find((s) => s.id === "alipay");
    assert.deepEqual(stored.overrides, { pageTitle: { "zh-CN": "支付宝状态 E2E", en: "Alipay status E2E" } });
  });

  test("services: order and disable/enable", async () => {
    const before = (await adminGet("/api/admin/services")).services.map((s) => s.id);
    assert.deepEqual(before.slice(0, 2), ["huabei", "alipay"]);
    await saved(() => item("service-list", "data-service", "alipay").getByRole("button", { name: "Move up" }).click());
    await page.waitForFunction(() => document.querySelector("#service-list > li")?.dataset.service === "alipay");
    assert.deepEqual((await adminGet("/api/admin/services")).services.map((s) => s.id).slice(0, 2), [
      "alipay",
      "huabei",
    ]);

    await saved(() => item("service-list", "data-service", "alipay").getByRole("button", { name: "Disable" }).click());
    assert.equal((await adminGet("/api/admin/services")).services.find((s) => s.id === "alipay").enabled, false);
    assert.equal((await page.request.get(`${server.url}/s/alipay`)).status(), 404, "a disabled service has no page");
    await saved(() => item("service-list", "data-service", "alipay").getByRole("button", { name: "Enable" }).click());
    assert.equal((await adminGet("/api/admin/services")).services.find((s) => s.id === "alipay").enabled, true);
    await page.screenshot({ path: `${SHOTS}/console-services.png`, fullPage: true });
  });

  test("the picker scopes the sections to a service", async () => {
    await page.selectOption("#scope-select", "alipay");
    await item("component-list", "data-component-id", "alipay-online").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("service"), "alipay");
    assert.equal(await item("component-list", "data-component-id", "online-pay").count(), 0, "huabei's are not listed");
    assert.ok(await page.locator('#incident-components select[data-component="alipay-online"]').count());
    assert.equal(await page.locator('#incident-components select[data-component="online-pay"]').count(), 0);
    // A reload keeps the service.
    await page.reload();
    await item("component-list", "data-component-id", "alipay-online").waitFor();
    assert.equal(await page.locator("#scope-select").inputValue(), "alipay");
  });

  test("components: create in the console; the API and the service's public page have it", async () => {
    await page.fill("#c-name-zh", `测试组件 ${RUN}`);
    await page.fill("#c-name-en", `E2E component ${RUN}`);
    await page.fill("#c-id", COMPONENT);
    await page.selectOption("#c-group", "alipay-payments");
    await saved(() => page.click("#component-form button[type=submit]"));
    await item("component-list", "data-component-id", COMPONENT).waitFor();
    const stored = (await adminGet("/api/admin/components?service=alipay")).find((c) => c.id === COMPONENT);
    assert.equal(stored?.service_id, "alipay");
    assert.equal(stored.group_id, "alipay-payments");
    assert.ok(!(await adminGet("/api/admin/components?service=huabei")).some((c) => c.id === COMPONENT));
    const pageHtml = await (await page.request.get(`${server.url}/s/alipay?lang=en`)).text();
    assert.ok(pageHtml.includes(`E2E component ${RUN}`), "on alipay's page");
    const defaultHtml = await (await page.request.get(`${server.url}/?lang=en`)).text();
    assert.ok(!defaultHtml.includes(`E2E component ${RUN}`), "not on the default service's page");
    // The other forms offer it at once.
    assert.equal(await page.locator(`#maintenance-components input[value="${COMPONENT}"]`).count(), 1);
    assert.equal(await page.locator(`#p-component option[value="${COMPONENT}"]`).count(), 1);
  });

  test("components: rename, move, delete", async () => {
    const row = item("component-list", "data-component-id", COMPONENT);
    await row.getByRole("button", { name: "Edit" }).click();
    await row.locator('input[name="name_en"]').fill(`E2E renamed ${RUN}`);
    await saved(() => row.locator("form.editor button[type=submit]").click());
    const renamed = (await adminGet("/api/admin/components?service=alipay")).find((c) => c.id === COMPONENT);
    assert.equal(renamed.name_en, `E2E renamed ${RUN}`);

    const order = async () => (await adminGet("/api/admin/components?service=alipay")).map((c) => c.id);
    const before = await order();
    const index = before.indexOf(COMPONENT);
    assert.ok(index > 0);
    await saved(() =>
      item("component-list", "data-component-id", COMPONENT).getByRole("button", { name: "Move up" }).click(),
    );
    const after = await order();
    assert.equal(after.indexOf(COMPONENT), index - 1, "moved up one");

    const doomed = item("component-list", "data-component-id", COMPONENT).getByRole("button", { name: "Delete" });
    await doomed.click();
    assert.equal(await doomed.textContent(), "Really delete?", "a delete asks again in place");
    await saved(() => doomed.click());
    await item("component-list", "data-component-id", COMPONENT).waitFor({ state: "detached" });
    assert.ok(!(await order()).includes(COMPONENT));
  });

  test("groups: create, rename, delete", async () => {
    await page.fill("#g-name-zh", `测试分组 ${RUN}`);
    await page.fill("#g-name-en", `E2E group ${RUN}`);
    await page.fill("#g-id", GROUP);
    await saved(() => page.click("#group-form button[type=submit]"));
    const row = item("group-list", "data-group-id", GROUP);
    await row.waitFor();
    assert.equal(
      (await adminGet("/api/admin/component-groups?service=alipay")).find((g) => g.id === GROUP)?.service_id,
      "alipay",
    );
    assert.equal(await page.locator(`#c-group option[value="${GROUP}"]`).count(), 1, "the component form offers it");

    await row.getByRole("button", { name: "Edit" }).click();
    await row.locator('input[name="name_en"]').fill(`E2E group renamed ${RUN}`);
    await saved(() => row.locator("form.editor button[type=submit]").click());
    const renamed = (await adminGet("/api/admin/component-groups?service=alipay")).find((g) => g.id === GROUP);
    assert.equal(renamed.name_en, `E2E group renamed ${RUN}`);

    const doomed = item("group-list", "data-group-id", GROUP).getByRole("button", { name: "Delete" });
    await doomed.click();
    await saved(() => doomed.click());
    assert.ok(!(await adminGet("/api/admin/component-groups?service=alipay")).some((g) => g.id === GROUP));
  });

  test("probes: create one for a component of the service; pause it", async () => {
    await page.selectOption("#p-component", "alipay-online");
    await page.fill("#p-name", `E2E probe ${RUN}`);
    await page.fill("#p-url", "/healthz");
    await page.fill("#p-interval", "5");
    await saved(() => page.click("#probe-form button[type=submit]"));
    const stored = (await adminGet("/api/admin/probes")).find((p) => p.name === `E2E probe ${RUN}`);
    assert.equal(stored?.component, "alipay-online");
    assert.equal(stored.interval_minutes, 5);
    const row = item("probe-list", "data-probe-id", stored.id);
    await row.waitFor();
    await saved(() => row.getByRole("button", { name: "Disable" }).click());
    assert.equal((await adminGet("/api/admin/probes")).find((p) => p.id === stored.id).enabled, false);
  });

  test("probe agents: the token is shown once, with a warning; gone after a reload", async () => {
    await page.fill("#a-name", `E2E agent ${RUN}`);
    await page.fill("#a-location", "cn-east");
    await saved(() => page.click("#agent-form button[type=submit]"));
    const box = page.locator("#agent-token");
    await box.waitFor({ state: "visible" });
    assert.match(await box.innerText(), /shown this once/);
    const token = await box.locator("code").textContent();
    assert.ok(token && token.length >= 20, "a token is shown");
    const agent = (await adminGet("/api/admin/probe-agents")).find((a) => a.name === `E2E agent ${RUN}`);
    assert.ok(agent, "the agent is stored");
    assert.equal(agent.token, undefined, "the API never lists a token");
    // The token works: the agent API takes it.
    const jobs = await page.request.get(`${server.url}/api/probe-agent/probes`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(jobs.status(), 200, "the shown token is the agent's");
    await page.screenshot({ path: `${SHOTS}/console-agent-token.png`, fullPage: true });

    await page.reload();
    await page.locator("#console").waitFor({ state: "visible" });
    await item("agent-list", "data-agent-id", agent.id).waitFor();
    assert.ok(await page.locator("#agent-token").isHidden());
    assert.ok(!(await page.content()).includes(token), "the token is nowhere in the page after a reload");

    const revoke = item("agent-list", "data-agent-id", agent.id).getByRole("button", { name: "Revoke" });
    await revoke.click();
    await saved(() => revoke.click());
    assert.ok((await adminGet("/api/admin/probe-agents")).find((a) => a.id === agent.id).revoked_at);
  });

  test("webhooks: the secret is shown once; the webhook is the service's; gone after a reload", async () => {
    const url = `https://hooks.example.com/e2e-${RUN}`;
    await page.fill("#w-url", url);
    await page.locator('#webhook-form input[name=events][value="incident.created"]').check();
    await saved(() => page.click("#webhook-form button[type=submit]"));
    const box = page.locator("#webhook-secret");
    await box.waitFor({ state: "visible" });
    assert.match(await box.innerText(), /shown this once/);
    const secret = await box.locator("code").textContent();
    assert.match(secret, /^whsec_/);
    const stored = (await adminGet("/api/admin/webhooks?service=alipay")).find((w) => w.url === url);
    assert.equal(stored?.service_id, "alipay");
    assert.deepEqual(stored.events, ["incident.created"]);
    assert.equal(stored.secret, undefined);

    await page.reload();
    await item("webhook-list", "data-webhook-id", stored.id).waitFor();
    assert.ok(await page.locator("#webhook-secret").isHidden());
    assert.ok(!(await page.content()).includes(secret));

    const log = async () => {
      const row = item("webhook-list", "data-webhook-id", stored.id);
      await row.getByRole("button", { name: "Delivery log" }).click();
      await row.locator("ul.deliveries").waitFor({ state: "visible" });
      return row.locator("ul.deliveries");
    };
    assert.equal(await (await log()).innerText(), "no deliveries yet");

    // An incident declared for this service in the console is this service's, and reaches its webhook.
    const incident = `E2E alipay incident ${RUN}`;
    await page.fill("#i-name", incident);
    await page.locator('#incident-components select[data-component="alipay-online"]').selectOption("major_outage");
    await saved(() => page.click("#incident-form button[type=submit]"));
    const declared = (await adminGet("/api/admin/incidents?service=alipay&open=true")).find((i) => i.name === incident);
    assert.equal(declared?.service_id, "alipay");
    assert.deepEqual(declared.component_statuses, { "alipay-online": "major_outage" });
    assert.ok(!(await adminGet("/api/admin/incidents?service=huabei&open=true")).some((i) => i.name === incident));
    assert.match(await (await log()).innerText(), /incident\.created: /);

    await saved(() =>
      item("webhook-list", "data-webhook-id", stored.id).getByRole("button", { name: "Disable" }).click(),
    );
    assert.equal((await adminGet("/api/admin/webhooks?service=alipay")).find((w) => w.id === stored.id).enabled, false);
  });

  test("maintenance: 01:00 typed is 01:00 in Asia/Shanghai, whatever the browser's zone", async () => {
    await page.selectOption("#scope-select", "huabei");
    await item("component-list", "data-component-id", "online-pay").waitFor();
    assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), "America/New_York");
    const [year, month, day] = shanghaiDay(2);
    const pad = (n) => String(n).padStart(2, "0");
    const wall = `${year}-${pad(month)}-${pad(day)}`;
    const name = `E2E zoned maintenance ${RUN}`;
    await page.fill("#m-name", name);
    await page.fill("#m-start", `${wall}T01:00`);
    await page.fill("#m-end", `${wall}T03:00`);
    assert.equal(await page.locator('.zone-label[data-for="m-start"]').textContent(), "Asia/Shanghai (UTC+8)");
    await page.locator('#maintenance-form input[name=component_ids][value="online-pay"]').check();
    await saved(() => page.click("#maintenance-form button[type=submit]"));

    const stored = (await adminGet("/api/admin/maintenances?service=huabei")).find((m) => m.name === name);
    const expected = new Date(Date.UTC(year, month - 1, day, 1) - 8 * 3_600_000);
    assert.equal(Date.parse(stored.scheduled_for), expected.getTime(), "stored as 17:00Z the day before");
    assert.equal(new Date(stored.scheduled_for).toISOString().slice(11, 16), "17:00");

    const row = item("maintenance-list", "data-maintenance-id", stored.id);
    await row.waitFor();
    assert.match(
      await row.locator("p.when").textContent(),
      new RegExp(`${wall} 01:00 \\(Asia/Shanghai, UTC\\+8\\) – ${wall} 03:00 \\(Asia/Shanghai, UTC\\+8\\)`),
    );

    // Reschedule: the fields open on the stored window in the service's zone.
    await row.getByRole("button", { name: "Reschedule" }).click();
    const fields = row.locator("form.editor input[type=datetime-local]");
    assert.equal(await fields.nth(0).inputValue(), `${wall}T01:00`);
    await fields.nth(1).fill(`${wall}T04:00`);
    await saved(() => row.locator("form.editor button[type=submit]").click());
    const moved = (await adminGet(`/api/admin/maintenances/${stored.id}`)).scheduled_until;
    assert.equal(Date.parse(moved), expected.getTime() + 3 * 3_600_000);
    await page.screenshot({ path: `${SHOTS}/console-maintenance-zone.png`, fullPage: true });

    // The status page (its own zone, Asia/Shanghai) shows the same 01:00.
    await page.goto(`${server.url}/?lang=en`);
    const section = await page.locator("section[aria-labelledby=maint-h]").innerText();
    const shown = new Intl.DateTimeFormat("en", {
      timeZone: "Asia/Shanghai",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(expected);
    assert.ok(shown.endsWith("01:00"));
    assert.ok(section.includes(name) && section.includes(shown), `${shown} in ${section}`);
    assert.deepEqual(problems, []);
  });
});
