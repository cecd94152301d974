// End-to-end: the verdict in two parts, in Chromium (browser.mjs) against the
// real Worker, desktop and 360 px, with and without JavaScript. One server with
// a freshly migrated D1, seeded through the admin API; verdict pages reload
// every 2 s here (VERDICT_REFRESH_SECONDS) so the live page can be watched.
// "Tell me when it's fixed" is signed up for from a verdict page, with and without
// JavaScript; no mail sender is configured here, so the confirmation is kept in the
// outbox (read through the admin API). Push and the mail's round trip: push.e2e and
// notify-pipeline.e2e.
// Screenshots go to screenshots/ (git-ignored): look at them.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { axe, MOBILE, noHorizontalScroll, openPage, until } from "./page.mjs";
import { adminCall as callAdmin, startServer } from "./server.mjs";

const SHOTS = "screenshots";
const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;

let server;
let browser;

/** A page of the shared kind whose every wait has an end: a page that never shows what is expected fails instead of hanging. */
async function open(options) {
  const opened = await openPage(browser, options, { requestFailures: false });
  opened.page.setDefaultTimeout(20_000);
  return opened;
}

/** The admin API of this file's server. */
const adminCall = (method, path, body) => callAdmin(server, TOKEN, method, path, body);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([
    startServer({ vars: { ADMIN_TOKEN: TOKEN, VERDICT_REFRESH_SECONDS: "2" }, demo: false }),
    launchChromium(),
  ]);
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** Fills and sends the report form; resolves when the verdict shows (a new page without JS, in place with it). */
async function report(page, { component, symptom, otherMethods = "unknown", lang = "" }) {
  await page.goto(`${server.url}/report${lang}`);
  await page.locator(`input[name=component][value=${component}]`).check();
  await page.locator(`input[name=symptom][value=${symptom}]`).check();
  await page.locator(`input[name=other_methods_work][value=${otherMethods}]`).check();
  await page.locator("button[type=submit]").click();
  await page.locator("#verdict").waitFor();
  await page.waitForURL(/\/report\/[0-9a-f-]{36}/);
}

const text = (page, selector) => page.locator(selector).innerText();

describe("what the person saw", () => {
  for (const [name, options] of [
    ["desktop, no JavaScript", { javaScriptEnabled: false }],
    ["360 px, JavaScript", { viewport: MOBILE }],
  ]) {
    test(`${name}: a frozen account is warned about scams and told to appeal through official channels`, async () => {
      const { context, page, problems } = await open(options);
      await report(page, { component: "credit-account", symptom: "account_frozen", otherMethods: "yes" });
      assert.equal(await page.locator("#verdict > .tag").innerText(), "个别情况");
      const advice = await text(page, "#verdict ul.advice");
      assert.match(advice, /“解冻”“提额”“消除征信记录”的服务都是骗局/);
      assert.match(advice, /申诉只走官方渠道/);
      assert.match(advice, /95188/);
      assert.doesNotMatch(advice, /逾期|商户/);
      assert.match(await text(page, "#verdict .reading"), /冻结/);
      // Nothing is open: no reload, and no claim of one.
      assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0);
      assert.doesNotMatch(await text(page, "#verdict"), /自动更新/);
      const shot = options.viewport ? "mobile" : "desktop";
      await page.screenshot({ path: `${SHOTS}/verdict-frozen-${shot}.png`, fullPage: true });
      if (options.javaScriptEnabled !== false) {
        await noHorizontalScroll(page);
        await axe(page, "frozen-account verdict");
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test("nothing else works: the phone, its network and the app come first (English, 360 px)", async () => {
    const { context, page, problems } = await open({ viewport: MOBILE, locale: "en-US" });
    await report(page, { component: "online-pay", symptom: "cannot_load", otherMethods: "no", lang: "?lang=en" });
    assert.match(await page.locator("#verdict-h").innerText(), /phone, network or app/);
    const advice = await text(page, "#verdict ul.advice");
    assert.match(advice, /switch between Wi-Fi and mobile data/);
    assert.match(advice, /If your network and phone are fine, use /);
    assert.match(await text(page, "#verdict .reading"), /no other way to pay works either/);
    await noHorizontalScroll(page);
    await page.screenshot({ path: `${SHOTS}/verdict-nothing-works-mobile-en.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("a live verdict page", () => {
  for (const [name, options] of [
    ["without JavaScript", { javaScriptEnabled: false }],
    ["with JavaScript", {}],
  ]) {
    test(`${name}: reloads itself while an outage is open, and stops when it is resolved`, async () => {
      const incident = await adminCall("POST", "/incidents", {
        incident: { name: "线上支付失败", components: { "online-pay": "major_outage" } },
      });
      const { context, page, problems } = await open(options);
      await report(page, { component: "online-pay", symptom: "system_busy" });
      const verdictUrl = page.url();
      assert.equal(await page.locator("#verdict > .tag").innerText(), "大范围故障");
      assert.match(await text(page, "#verdict .refreshing"), /本页每 2 秒自动更新/);
      assert.match(await text(page, "#verdict .reading"), /正是这次故障的表现/);

      // The page reloads by itself (a load event with no action of ours), at the same address.
      await page.waitForEvent("load");
      await page.locator("#verdict").waitFor();
      assert.equal(page.url(), verdictUrl);

      // Resolved: within a reload or two the page says what changed, and it stops reloading.
      await adminCall("PATCH", `/incidents/${incident.id}`, { incident: { status: "resolved", body: "已恢复。" } });
      for (let reloads = 0; (await page.locator("#verdict > .tag").innerText()) !== "暂未确认"; reloads++) {
        assert.ok(reloads < 5, "the page should show the resolution within a few reloads");
        await page.waitForEvent("load");
      }
      assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0);
      assert.equal(await page.locator("#verdict .refreshing").count(), 0);
      assert.match(await text(page, "#verdict .then-now"), /报告时是“大范围故障”，现在是“暂未确认”/);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});

describe("tell me when it's fixed, from a verdict page", () => {
  // The e-mail form has no script of its own: with JavaScript on it is the same form post.
  for (const [name, options] of [
    ["desktop, no JavaScript", { javaScriptEnabled: false }],
    ["360 px, JavaScript", { viewport: MOBILE }],
  ]) {
    test(`${name}: an e-mail address is signed up for the verdict's component and told to check the inbox`, async () => {
      const address = `verdict-${randomBytes(6).toString("hex")}@example.com`;
      const { context, page, problems } = await open(options);
      await report(page, { component: "credit-account", symptom: "account_frozen", otherMethods: "yes" });
      const form = page.locator("#subscribe form.subscribe-form");
      assert.match(await page.locator("#subscribe").innerText(), /额度与账单出现故障或恢复正常时/);
      assert.equal(await form.locator("input[name=components]").getAttribute("value"), "credit-account");
      await form.getByLabel("邮箱").fill(address);
      await form.getByRole("button", { name: "通知我" }).click();
      await page.waitForURL(/\/subscribe$/);
      assert.equal(await page.locator("main h1").innerText(), "请查收确认消息");
      assert.match(await page.locator("main .subscription").innerText(), /确认邮件/);
      const shot = options.viewport ? "mobile" : "desktop";
      await page.screenshot({ path: `${SHOTS}/subscribe-check-inbox-${shot}.png`, fullPage: true });
      if (options.javaScriptEnabled !== false) {
        await noHorizontalScroll(page);
        await axe(page, "the check-your-inbox page");
      }
      // The confirmation went out (to the outbox here) after the answer, with its link.
      const kept = await until(`the confirmation for ${address} in the outbox`, async () =>
        (await adminCall("GET", "/outbox?limit=50")).find((mail) => mail.to === address),
      );
      assert.match(kept.text, new RegExp(`${server.url}/subscriptions/confirm\\?id=[^&\\s]+&token=`));
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
