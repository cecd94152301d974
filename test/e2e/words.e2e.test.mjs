// End-to-end: /how in both languages (desktop and 360 px wide) and the copy-link
// box, also in WeChat's in-app browser (its user agent, and without the Clipboard
// API, as older WeChat WebViews are). Screenshots go to screenshots/ (git-ignored).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { DESKTOP, MOBILE, noHorizontalScroll, openPage } from "./page.mjs";
import { startServer } from "./server.mjs";

const SHOTS = "screenshots";
const WECHAT_UA =
  "Mozilla/5.0 (Linux; Android 12; M2102J2SC Build/SKQ1.211006.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) " +
  "Version/4.0 Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220903 Mobile Safari/537.36 MMWEBID/6170 " +
  "MicroMessenger/8.0.28.2240(0x28001C35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";

let server;
let browser;

const open = (options) => openPage(browser, options);

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

describe("/how", () => {
  for (const [lang, heading, number] of [
    ["zh-CN", "我们如何判断", /至少 \d+ 人报告、分布在至少 \d+ 个省份/],
    ["en", "How we decide", /at least \d+ people within a window of up to \d+ minutes/],
  ]) {
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["360", MOBILE],
    ]) {
      test(`reads in ${lang} at ${size}`, async () => {
        const { context, page, problems } = await open({ viewport, locale: lang });
        try {
          const response = await page.goto(`${server.url}/how${lang === "en" ? "?lang=en" : ""}`);
          assert.equal(response.status(), 200);
          assert.equal(await page.locator("h1").innerText(), heading);
          const text = await page.locator("main").innerText();
          assert.match(text, number);
          // Maintenance, outage, account wave, merchant restriction, individual, unconfirmed.
          assert.equal(await page.locator(".how-kinds li").count(), 6);
          await noHorizontalScroll(page, `/how ${lang} ${size}`);
          await page.screenshot({ path: `${SHOTS}/how-${lang}-${size}.png`, fullPage: true });
          // Linked from the status page's footer.
          await page.goto(`${server.url}/${lang === "en" ? "?lang=en" : ""}`);
          await page.locator("footer a", { hasText: heading }).click();
          await page.waitForURL(/\/how/);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});

describe("copy link", () => {
  test("copies the page's address with the Clipboard API (desktop)", async () => {
    const { context, page, problems } = await open();
    try {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
      await page.goto(`${server.url}/`);
      const button = page.locator("button.share-copy");
      await button.waitFor({ state: "visible" });
      assert.equal(await button.innerText(), "复制链接");
      await button.click();
      await page.locator(".share-status", { hasText: "链接已复制" }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.url}/`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("works in WeChat's in-app browser at 360 px, without the Clipboard API", async () => {
    const { context, page, problems } = await open({
      viewport: MOBILE,
      userAgent: WECHAT_UA,
      isMobile: true,
      hasTouch: true,
    });
    try {
      // Older WeChat WebViews have no navigator.clipboard: the script falls back to selecting the field.
      await context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
      });
      await page.goto(`${server.url}/how`);
      assert.equal(await page.locator("h1").innerText(), "我们如何判断");
      const button = page.locator("button.share-copy");
      await button.waitFor({ state: "visible" });
      await button.tap();
      const status = page.locator(".share-status");
      await status.filter({ hasText: /链接已复制|已选中链接/ }).waitFor();
      const selected = await page.evaluate(() => {
        const field = document.getElementById("share-url");
        return document.activeElement === field ? field.value.slice(field.selectionStart, field.selectionEnd) : "";
      });
      assert.equal(selected, `${server.url}/how`);
      await noHorizontalScroll(page, "/how in WeChat");
      await page.screenshot({ path: `${SHOTS}/how-wechat-360.png` });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("shows the link as text without JavaScript, and no button", async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    try {
      await page.goto(`${server.url}/how?lang=en`);
      assert.equal(await page.locator("#share-url").inputValue(), `${server.url}/how?lang=en`);
      assert.equal(await page.locator("button.share-copy").isVisible(), false);
    } finally {
      await context.close();
    }
  });
});
