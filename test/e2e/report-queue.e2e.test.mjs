// End-to-end with the report queue on (REPORT_INGEST=queue under wrangler dev's
// local queue): the reporter sees the verdict at once, with and without
// JavaScript, and the page the verdict points at exists once the consumer ran.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { openPage } from "./page.mjs";
import { startServer } from "./server.mjs";

let server;
let browser;

const open = (options) => openPage(browser, options, { ignoreConsole: /status of 400/, requestFailures: false });

before(async () => {
  server = await startServer({ queue: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** The queued report's own page, once the consumer has written it. */
async function storedVerdictPage(path) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await fetch(new URL(path, server.url));
    if (response.status === 200) return response.text();
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${path} never appeared:\n${server.log().slice(-2000)}`);
}

describe("report form with the report queue on", () => {
  test("with JavaScript: the verdict appears in place and the address becomes the report's page", async () => {
    const { context, page, problems } = await open();
    await page.goto(`${server.url}/report`);
    await page.evaluate(() => (window.__samePage = true));
    await page.locator("input[name=component][value=online-pay]").check();
    await page.locator("input[name=symptom][value=system_busy]").check();
    await page.locator("button[type=submit]").click();
    await page.locator("#verdict").waitFor();
    assert.equal(await page.evaluate(() => window.__samePage), true, "no full page load");
    assert.match(await page.locator("#verdict h1").innerText(), /暂未确认大范围故障/);
    const path = new URL(page.url()).pathname;
    assert.match(path, /^\/report\/[0-9a-f-]{36}$/);
    assert.match(await storedVerdictPage(path), /id="verdict"/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("without JavaScript: the form post answers with the verdict itself", async () => {
    const { context, page, problems } = await open({ javaScriptEnabled: false });
    await page.goto(`${server.url}/report?lang=en`);
    await page.locator("input[name=component][value=credit-account]").check();
    await page.locator("input[name=symptom][value=limit_reduced]").check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.locator("button[type=submit]").click(),
    ]);
    await page.waitForLoadState();
    assert.equal(response.status(), 200);
    assert.match(await page.locator("#verdict h1").innerText(), /it is likely your account/);
    const location = response.headers()["content-location"];
    assert.match(location, /^\/report\/[0-9a-f-]{36}\?lang=en$/);
    assert.match(await storedVerdictPage(location), /id="verdict"/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
