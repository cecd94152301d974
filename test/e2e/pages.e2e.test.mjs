// End-to-end: the real Worker in Chromium (playwright-core, never a browser download;
// browser.mjs says which). Screenshots go to screenshots/ (git-ignored): look at them.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { axe, DESKTOP, MOBILE, noHorizontalScroll, openPage } from "./page.mjs";
import { startServer, TEST_VAPID } from "./server.mjs";

const _require = createRequire(import.meta.url);
const SHOTS = "screenshots";
const MAX_PAGE_BYTES = 60 * 1024;

let server;
let browser;

const open = (options) => openPage(browser, options, { ignoreConsole: /status of 400/ });

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Web Push on: the page weighs what it does with the notification button and its script.
  server = await startServer({ vars: TEST_VAPID });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

describe("status page", () => {
  test("desktop: banner, components with 90-day bars, chart, call to action; no third-party requests", async () => {
    const { context, page, problems } = await open();
    const origins = new Set();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    const response = await page.goto(`${server.url}/`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()["content-security-policy"] ?? "", /script-src 'self'/);
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
    assert.match(await page.locator("h1").first().innerText(), /所有系统运行正常|部分系统异常|重大故障|维护中/);
    assert.equal(await page.locator("li.component").count(), 5);
    assert.equal(await page.locator("li.component").first().locator("ol.bar > li").count(), 90);
    assert.ok(await page.locator("section.cta a.button").isVisible());
    assert.ok(await page.locator(".chart svg").isVisible());
    // Demo data: a completed incident shows up in the bars as a focusable day with words.
    const badDay = page.locator("ol.bar li[tabindex='0']").first();
    await badDay.focus();
    assert.match((await badDay.getAttribute("aria-label")) ?? "", /可用率/);
    // The demo's upcoming maintenance.
    assert.ok(await page.getByText("账单系统计划维护").isVisible());
    assert.deepEqual([...origins], [server.url], "only same-origin requests");
    await page.screenshot({ path: `${SHOTS}/status-desktop.png`, fullPage: true });
    if (process.env.UPDATE_README_SCREENSHOT) {
      // The README's picture: the page down to the province map, small enough to keep in git.
      await page.setViewportSize({ width: 1000, height: 1900 });
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      const map = await page.locator("section[aria-labelledby=map-h]").boundingBox();
      const height = Math.ceil(map.y + map.height + 16);
      await page.screenshot({ path: "docs/screenshot.png", clip: { x: 0, y: 0, width: 1000, height }, fullPage: true });
      await page.setViewportSize(DESKTOP);
    }
    await axe(page, "/");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("mobile 360 px: no sideways scroll, 30-day bars, readable", async () => {
    const { context, page, problems } = await open({ viewport: MOBILE, deviceScaleFactor: 1 });
    await page.goto(`${server.url}/`);
    await noHorizontalScroll(page);
    const visibleDays = await page.locator("li.component").first().locator("ol.bar > li:visible").count();
    assert.equal(visibleDays, 30);
    await page.screenshot({ path: `${SHOTS}/status-mobile.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("province map: 34 named tiles beside their table at desktop, under it at 360 px, no sideways scroll", async () => {
    for (const viewport of [DESKTOP, MOBILE]) {
      const { context, page, problems } = await open({ viewport, deviceScaleFactor: 1 });
      await page.goto(`${server.url}/`);
      const map = page.locator("svg.pmap");
      assert.ok(await map.isVisible());
      // 34 labels (the short name), each named by its province (its <title>).
      const labels = map.locator("text:not(.rw)");
      assert.equal(await labels.count(), 34);
      const zj = labels.filter({ hasText: "浙" });
      assert.match(await zj.locator("title").textContent(), /^浙江/);
      const box = await map.boundingBox();
      assert.ok(box.width >= 280, `the map is ${box.width} px wide`);
      assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, "the map fits the screen");
      const table = await page.locator("section.pt").boundingBox();
      if (viewport === DESKTOP) assert.ok(table.x > box.x + box.width, "the table is beside the map");
      else assert.ok(table.y >= box.y + box.height, "the table is under the map");
      assert.ok((await page.locator("section.pt tbody tr").count()) >= 1, "the demo's provinces are in the table");
      await noHorizontalScroll(page);
      const card = page.locator("section[aria-labelledby=map-h]");
      await card.screenshot({ path: `${SHOTS}/map-${viewport === DESKTOP ? "desktop" : "mobile"}.png` });
      await axe(page, `/ at ${viewport.width} px`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });

  test("Chinese renders as real glyphs, not as missing-glyph boxes", async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}/`);
    // In the page's own font stack. Without a CJK font every hanzi is the same .notdef box, as
    // wide as the box of a Private Use Area character (no font has a glyph there) and drawn
    // with the same pixels; real glyphs differ in both.
    const glyphs = await page.evaluate(() => {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 64;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.font = `40px ${getComputedStyle(document.querySelector("h1")).fontFamily}`;
      const ink = (text) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.fillText(text, 8, 48);
        return ctx.getImageData(0, 0, 64, 64).data.join();
      };
      return {
        hanzi: ctx.measureText("花呗服务").width,
        privateUse: ctx.measureText("\uE000\uE001\uE002\uE003").width,
        sameInk: ink("花") === ink("呗"),
      };
    });
    assert.notEqual(glyphs.hanzi, glyphs.privateUse, "hanzi are as wide as missing-glyph boxes: no CJK font");
    assert.equal(glyphs.sameInk, false, "花 and 呗 are drawn alike: missing-glyph boxes, no CJK font");
    await context.close();
  });

  test("English via the visible switch and via Accept-Language", async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}/`);
    await page.locator("a.lang").click();
    await page.waitForURL(/lang=en/);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.ok(await page.getByText("Online checkout").first().isVisible());
    await context.close();
    const en = await open({ locale: "en-US", extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" } });
    await en.page.goto(`${server.url}/`);
    assert.equal(await en.page.locator("html").getAttribute("lang"), "en");
    await en.page.screenshot({ path: `${SHOTS}/status-desktop-en.png`, fullPage: true });
    await en.context.close();
  });

  test("weighs at most 60 KB in HTML, CSS and JS", async () => {
    const { context, page } = await open();
    const sizes = [];
    const paths = [];
    page.on("response", async (response) => {
      const type = response.request().resourceType();
      if (["document", "stylesheet", "script"].includes(type)) {
        sizes.push(response.body().then((b) => b.length));
        paths.push(new URL(response.url()).pathname);
      }
    });
    await page.goto(`${server.url}/`, { waitUntil: "networkidle" });
    const total = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    assert.ok(sizes.length >= 2, "the page and its stylesheet were loaded");
    for (const path of ["/push.js", "/push.css"]) assert.ok(paths.includes(path), `${path} is counted`);
    assert.ok(total <= MAX_PAGE_BYTES, `/ weighs ${total} bytes`);
    console.log(`/ weighs ${total} bytes (HTML + CSS + JS)`);
    await context.close();
  });

  test("static assets carry the pages' security headers (public/_headers)", async () => {
    const page = await fetch(`${server.url}/`);
    await page.arrayBuffer();
    for (const asset of ["/status.css", "/report.js", "/console/main.js", "/favicon.svg"]) {
      const response = await fetch(`${server.url}${asset}`);
      await response.arrayBuffer();
      assert.equal(response.status, 200, asset);
      for (const name of ["x-content-type-options", "referrer-policy"]) {
        assert.equal(response.headers.get(name), page.headers.get(name), `${asset} ${name}`);
      }
      assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'/, asset);
      assert.equal(response.headers.get("x-frame-options"), "DENY", asset);
    }
  });

  test("incident and history pages", async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}/history`);
    assert.ok(await page.locator("h1").isVisible());
    const link = page.locator("article.incident h3 a").first();
    await link.click();
    await page.waitForURL(/\/incidents\//);
    assert.ok((await page.locator("ol.timeline > li").count()) >= 1);
    await page.screenshot({ path: `${SHOTS}/incident.png`, fullPage: true });
    await page.goto(`${server.url}/history?page=1`);
    await page.screenshot({ path: `${SHOTS}/history.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("report form", () => {
  test("without JavaScript: field errors, then 303 to the verdict page", async () => {
    const { context, page, problems } = await open({ javaScriptEnabled: false });
    await page.goto(`${server.url}/report`);
    await page.locator("button[type=submit]").click();
    await page.waitForLoadState();
    assert.ok(await page.locator("#error-summary").isVisible());
    assert.ok(await page.locator("#component-error").isVisible());
    assert.match(await page.locator("#symptom-error").innerText(), /请选择你看到的提示/);
    await page.screenshot({ path: `${SHOTS}/report-errors.png`, fullPage: true });
    await page.locator("input[name=component][value=credit-account]").check();
    await page.locator("input[name=symptom][value=limit_reduced]").check();
    await page.locator("#region").selectOption("ZJ");
    await page.locator("button[type=submit]").click();
    await page.waitForURL(/\/report\/[0-9a-f-]{36}$/);
    assert.match(await page.locator("#verdict h1").innerText(), /目前没有大范围故障，可能是你的账户的问题/);
    assert.ok((await page.locator("ul.advice li").count()) >= 3);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("with JavaScript: the verdict appears in place, without a page load", async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}/report`);
    await axe(page, "/report");
    await page.screenshot({ path: `${SHOTS}/report-form.png`, fullPage: true });
    await page.evaluate(() => (window.__samePage = true));
    // Errors in place first.
    await page.locator("button[type=submit]").click();
    await page.locator("#error-summary").waitFor();
    assert.equal(await page.evaluate(() => window.__samePage), true);
    assert.ok(await page.locator("#symptom-error").isVisible());
    await page.locator("input[name=component][value=online-pay]").check();
    await page.locator("input[name=symptom][value=system_busy]").check();
    await page.locator("textarea#message_seen").fill("系统繁忙，请稍后再试");
    await page.locator("button[type=submit]").click();
    await page.locator("#verdict").waitFor();
    assert.equal(await page.evaluate(() => window.__samePage), true, "no full page load");
    assert.match(page.url(), /\/report\/[0-9a-f-]{36}$/);
    assert.match(await page.locator("#verdict h1").innerText(), /暂未确认大范围故障/);
    assert.match(await page.locator("#verdict .others").innerText(), /过去 15 分钟内/);
    await page.screenshot({ path: `${SHOTS}/verdict-desktop.png`, fullPage: true });
    await axe(page, "verdict page");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("360 px: the form and the verdict fit the screen", async () => {
    const { context, page, problems } = await open({ viewport: MOBILE });
    await page.goto(`${server.url}/report?lang=en`);
    await noHorizontalScroll(page);
    await page.locator("input[name=component][value=offline-pay]").check();
    await page.locator("input[name=symptom][value=merchant_unsupported]").check();
    await page.locator("button[type=submit]").click();
    await page.locator("#verdict").waitFor();
    // A merchant restriction has its own headline: not an outage, and not the account.
    assert.match(await page.locator("#verdict h1").innerText(), /not accepted for this merchant or item/);
    await noHorizontalScroll(page);
    await page.screenshot({ path: `${SHOTS}/verdict-mobile-en.png`, fullPage: true });
    await axe(page, "verdict page (en)");
    assert.deepEqual(problems, []);
    await context.close();
  });
});
