// End-to-end: the admin console (/admin, public/console/*.js) in Chromium (browser.mjs)
// against the real Worker started with a known ADMIN_TOKEN. One browser page
// walks the operator's path in order, so the tests below depend on each other.
// Screenshots go to screenshots/ (git-ignored): look at them.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { startServer } from "./server.mjs";

const SHOTS = "screenshots";
const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;
const KEY = "paystatus-admin-token";
const RUN = randomBytes(3).toString("hex");
const INCIDENT = `E2E card payments failing ${RUN}`;
const MAINTENANCE = `E2E database upgrade ${RUN}`;
const HOSTILE = `<img src=x onerror=alert(1)> E2E hostile ${RUN}`;

let server;
let browser;
let context;
let page;
const problems = [];
const dialogs = [];
let incidentId;
let hostileId;
let componentId;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ vars: { ADMIN_TOKEN: TOKEN } });
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
    timezoneId: "Asia/Shanghai",
  });
  // Any alert/confirm/prompt on any page of this context fails the run (the console's
  // only prompt is "Merge into…", which these tests never click).
  context.on("page", (p) => watch(p));
  // Where the hostile name's <img src=x> would point: a response that is not an image, so
  // such an image fails as it would anywhere, and the probe below fails without a 404 in the console.
  await context.route("**/x", (route) =>
    route.fulfill({ status: 200, contentType: "image/png", body: "not an image" }),
  );
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

function watch(p) {
  p.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()} on ${p.url()}`);
    dialog.dismiss().catch(() => {});
  });
  p.on("console", (msg) => {
    // A wrong token is answered 401 on purpose; Chromium logs that as an error.
    if (msg.type() === "error" && !/status of 401/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  p.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  p.on("requestfailed", (request) => {
    // The hostile name must never become an <img src=x>; if it did, this records it too.
    problems.push(`requestfailed: ${request.url()}`);
  });
}

/**
 * Resolves once an image at "x", where the hostile name's `<img src=x>` would point, has
 * failed to load in the current page: an `<img src=x onerror=…>` put in the page before
 * would have failed first and run its handler, so any dialog it opened is in `dialogs`.
 */
async function strayImagesSettled() {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const probe = new Image();
        probe.onload = probe.onerror = () => resolve();
        probe.src = "x";
      }),
  );
}

const openItem = (name) => page.locator("#open-list > li", { has: page.locator("strong", { hasText: name }) });

async function flash(text) {
  await page.waitForFunction((t) => document.getElementById("flash")?.textContent === t, text, { timeout: 5_000 });
}

/**
 * A datetime-local value `days` from now in the browser's time zone, which this context sets to the
 * service's (Asia/Shanghai); console-sections.e2e.test.mjs runs the browser in another zone.
 */
function localInput(days, hours = 0) {
  return page.evaluate(
    ([d, h]) => {
      const at = new Date(Date.now() + d * 86_400_000 + h * 3_600_000);
      const pad = (n) => String(n).padStart(2, "0");
      return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:00`;
    },
    [days, hours],
  );
}

async function adminGet(path) {
  const response = await page.request.get(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status(), 200, path);
  return response.json();
}

describe("admin console", () => {
  test("a wrong token shows an error and nothing else", async () => {
    const response = await page.goto(`${server.url}/admin`);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()["cache-control"], "no-store");
    assert.equal(await page.locator("body").getAttribute("data-admin-enabled"), "1");
    assert.ok(await page.locator("#signin").isVisible());
    assert.ok(await page.locator("#console").isHidden());

    await page.fill("#token", "not-the-token");
    await page.click("#signin-form button[type=submit]");
    await flash("Wrong token.");
    assert.ok(await page.locator("#signin").isVisible());
    assert.ok(await page.locator("#console").isHidden());
    assert.equal(
      await page.locator("#open-list > li, #review-list > li, #maintenance-list > li").count(),
      0,
      "nothing loaded with a wrong token",
    );
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY), null, "a rejected token is not kept");
    assert.equal(page.url(), `${server.url}/admin`);
    await page.screenshot({ path: `${SHOTS}/admin-wrong-token.png`, fullPage: true });
  });

  test("the right token opens the console; kept in sessionStorage, never in the URL", async () => {
    await page.fill("#token", TOKEN);
    await page.click("#signin-form button[type=submit]");
    await page.locator("#console").waitFor({ state: "visible" });
    assert.ok(await page.locator("#signin").isHidden());
    // The URL names the selected service (a reload keeps it), and nothing else.
    assert.equal(page.url(), `${server.url}/admin?service=huabei`);
    assert.ok(!page.url().includes(TOKEN) && !/token/i.test(new URL(page.url()).search));
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY), TOKEN);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.deepEqual(await context.cookies(), []);
    assert.equal(await page.inputValue("#token"), "", "the field is cleared after signing in");
  });

  test("declare an incident on one component with a first update; it is listed", async () => {
    const select = page.locator("select[data-component]").first();
    componentId = await select.getAttribute("data-component");
    await page.fill("#i-name", INCIDENT);
    await page.selectOption("#i-status", "investigating");
    await page.fill("#i-body", "Card payments fail at checkout; investigating.");
    await select.selectOption("major_outage");
    await page.click("#incident-form button[type=submit]");
    await flash("Saved.");
    const item = openItem(INCIDENT);
    await item.waitFor();
    const line = await item.locator("p.muted").innerText();
    assert.match(line, /· Investigating · Card payments fail at checkout; investigating\.$/);
    incidentId = line.split(" · ")[0];
    assert.equal(await page.inputValue("#i-name"), "", "the form is reset");

    const stored = await adminGet(`/api/admin/incidents/${incidentId}`);
    assert.equal(stored.name, INCIDENT);
    assert.equal(stored.status, "investigating");
    assert.equal(stored.cause, "outage");
    const summary = await (await page.request.get(`${server.url}/api/v2/summary.json`)).json();
    assert.equal(summary.components.find((c) => c.id === componentId)?.status, "major_outage");
  });

  test("post an update (identified), then resolve it", async () => {
    const item = openItem(INCIDENT);
    await item.locator("select").selectOption("identified");
    await item.locator("textarea").fill("A certificate expired at the card gateway.");
    await item.locator("button[type=submit]").click();
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll("#open-list > li")].some(
          (li) =>
            li.querySelector("strong")?.textContent === name &&
            / · Identified · A certificate expired/.test(li.textContent),
        ),
      INCIDENT,
      { timeout: 5_000 },
    );
    await page.screenshot({ path: `${SHOTS}/admin-console.png`, fullPage: true });

    await openItem(INCIDENT).locator("select").selectOption("resolved");
    await openItem(INCIDENT).locator("textarea").fill("Payments work again.");
    await openItem(INCIDENT).locator("button[type=submit]").click();
    await openItem(INCIDENT).waitFor({ state: "detached", timeout: 5_000 });

    const stored = await adminGet(`/api/admin/incidents/${incidentId}`);
    assert.equal(stored.status, "resolved");
    assert.deepEqual(
      stored.incident_updates.map((u) => u.status),
      ["resolved", "identified", "investigating"],
    );
  });

  test("schedule a maintenance; it is listed as upcoming", async () => {
    await page.fill("#m-name", MAINTENANCE);
    await page.fill("#m-start", await localInput(2));
    await page.fill("#m-end", await localInput(2, 2));
    await page.fill("#m-body", "Checkout may be slow for a few minutes.");
    await page.locator(`#maintenance-form input[name=component_ids][value="${componentId}"]`).check();
    await page.click("#maintenance-form button[type=submit]");
    await flash("Saved.");
    const item = page.locator("#maintenance-list > li", { has: page.locator("strong", { hasText: MAINTENANCE }) });
    await item.waitFor();
    assert.match(await item.innerText(), /Scheduled · /);
  });

  test("a hostile incident name is shown as text, never as markup", async () => {
    await page.fill("#i-name", HOSTILE);
    await page.fill("#i-body", "<b>not bold</b>");
    await page.click("#incident-form button[type=submit]");
    await flash("Saved.");
    const item = openItem(`E2E hostile ${RUN}`);
    await item.waitFor();
    assert.equal(await item.locator("strong").textContent(), HOSTILE);
    assert.match(await item.locator("strong").innerHTML(), /^&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.equal(await page.locator("#console img, #console b").count(), 0);
    hostileId = (await item.locator("p.muted").innerText()).split(" · ")[0];
    await strayImagesSettled();
    await page.screenshot({ path: `${SHOTS}/admin-hostile-name.png`, fullPage: true });
    assert.deepEqual(dialogs, []);
  });

  test("the status page and summary.json reflect it", async () => {
    const response = await page.goto(`${server.url}/`);
    assert.equal(response.status(), 200);
    const active = page.locator("section[aria-labelledby=active-h]");
    await active.waitFor();
    const activeText = await active.innerText();
    assert.ok(!activeText.includes(INCIDENT), "a resolved incident is not under active incidents");
    assert.ok(activeText.includes(HOSTILE), "the open incident is listed, its name as text");
    assert.equal(await active.locator("img").count(), 0);

    const maint = page.locator("section[aria-labelledby=maint-h]");
    assert.match(await maint.innerText(), new RegExp(`Upcoming[\\s\\S]*${MAINTENANCE}`));
    await strayImagesSettled();
    await page.screenshot({ path: `${SHOTS}/status-after-admin.png`, fullPage: true });

    const detail = await page.goto(`${server.url}/incidents/${incidentId}`);
    assert.equal(detail.status(), 200);
    const detailText = await page.locator("main").innerText();
    assert.ok(detailText.includes(INCIDENT));
    assert.ok(detailText.includes("Payments work again."));

    const summaryResponse = await page.goto(`${server.url}/api/v2/summary.json`);
    const summary = JSON.parse(await summaryResponse.text());
    const ids = summary.incidents.map((i) => i.id);
    assert.ok(!ids.includes(incidentId), "resolved incident left the unresolved list");
    assert.ok(ids.includes(hostileId));
    assert.equal(summary.incidents.find((i) => i.id === hostileId).name, HOSTILE);
    const m = summary.scheduled_maintenances.find((s) => s.name === MAINTENANCE);
    assert.ok(m, "maintenance in summary.json");
    assert.equal(m.status, "scheduled");
    assert.deepEqual(
      m.components.map((c) => c.id),
      [componentId],
    );
    assert.equal(
      summary.components.find((c) => c.id === componentId)?.status,
      "operational",
      "resolving set the component back",
    );

    assert.deepEqual(dialogs, [], "no dialog fired");
    assert.deepEqual(problems, []);
  });

  test("declare a wave of account restrictions: its reporters are told so, not 'outage'", async () => {
    await page.goto(`${server.url}/admin?service=huabei`);
    await page.locator("#console").waitFor({ state: "visible" });
    const select = page.locator("select[data-component='credit-account']");
    await page.fill("#i-name", "Risk-control change");
    await page.selectOption("#i-cause", "account_restriction");
    await select.selectOption("degraded_performance");
    await page.click("#incident-form button[type=submit]");
    await flash("Saved.");
    const list = await adminGet("/api/admin/incidents?open=true");
    const declared = list.find((i) => i.name === "Risk-control change");
    assert.equal(declared?.cause, "account_restriction");
    const answer = await page.request.post(`${server.url}/api/reports`, {
      data: { component: "credit-account", symptom: "account_frozen" },
      headers: { origin: server.url },
    });
    assert.equal(answer.status(), 201);
    const { verdict } = await answer.json();
    assert.equal(verdict.kind, "account_wave");
    assert.equal(verdict.personal.relation, "explained");
    // Resolved again, so the page is as the other tests left it.
    const resolved = await page.request.patch(`${server.url}/api/admin/incidents/${declared.id}`, {
      data: { incident: { status: "resolved" } },
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(resolved.status(), 200);
  });
});
