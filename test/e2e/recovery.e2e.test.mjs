// End-to-end: "it works again" (恢复了, issue 14) in Chromium, on the status page and on a
// verdict page, with JavaScript on (fetch, updated in place) and off (form post, 303 back).
// Every request comes from one address here (127.0.0.1), which counts as at most two people
// per component: each case uses its own component and its own browser (User-Agent).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { openPage } from "./page.mjs";
import { startServer } from "./server.mjs";

let server;
let browser;

const open = (options) => openPage(browser, options);

before(async () => {
  server = await startServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** How many people the page says it works again for (0 when it lists none for the component). */
async function countOn(page, component) {
  const element = page.locator(`[data-recovery-count="${component}"]`);
  if ((await element.count()) === 0) return 0;
  const match = (await element.textContent()).match(/(\d+) 人说已恢复/);
  assert.ok(match, `count text: ${await element.textContent()}`);
  return Number(match[1]);
}

async function newReport(component) {
  const response = await fetch(`${server.url}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": `e2e-reporter-${component}` },
    body: JSON.stringify({ component, symptom: "system_busy" }),
  });
  assert.equal(response.status, 201);
  return (await response.json()).id;
}

describe("恢复了 on the status page", () => {
  test("with JavaScript: the count rises in place and a thank-you appears", async () => {
    const { context, page, problems } = await open({ userAgent: "e2e-recovery-status-js" });
    await page.goto(`${server.url}/`);
    await page.selectOption("#recovery-component", "offline-pay");
    const before = await countOn(page, "offline-pay");
    const url = page.url();
    await page.click("form.recovery-form button[type=submit]");
    await page.locator("[data-recovery-status]").filter({ hasText: "谢谢" }).waitFor();
    assert.equal(await countOn(page, "offline-pay"), before + 1);
    assert.equal(page.url(), url, "no navigation with JavaScript");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("without JavaScript: the form posts, 303 back to the page with a thank-you and the count", async () => {
    const { context, page, problems } = await open({
      userAgent: "e2e-recovery-status-nojs",
      javaScriptEnabled: false,
    });
    await page.goto(`${server.url}/`);
    const before = await countOn(page, "repayment");
    await page.selectOption("#recovery-component", "repayment");
    await Promise.all([page.waitForURL(/recovered=repayment/), page.click("form.recovery-form button[type=submit]")]);
    assert.match(await page.locator("[data-recovery-status]").textContent(), /谢谢/);
    assert.equal(await countOn(page, "repayment"), before + 1);
    assert.equal(await page.locator("#recovery-component").inputValue(), "repayment");
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("恢复了 on a verdict page", () => {
  test("with JavaScript: the count rises in place", async () => {
    const id = await newReport("credit-account");
    const { context, page, problems } = await open({ userAgent: "e2e-recovery-verdict-js" });
    await page.goto(`${server.url}/report/${id}`);
    const before = await countOn(page, "credit-account");
    await page.click("form.recovery-form button[type=submit]");
    await page.locator("[data-recovery-status]").filter({ hasText: "谢谢" }).waitFor();
    assert.equal(await countOn(page, "credit-account"), before + 1);
    assert.ok(page.url().endsWith(`/report/${id}`));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("without JavaScript: 303 back to the verdict with a thank-you and the count", async () => {
    const id = await newReport("app-login");
    const { context, page, problems } = await open({
      userAgent: "e2e-recovery-verdict-nojs",
      javaScriptEnabled: false,
    });
    await page.goto(`${server.url}/report/${id}`);
    const before = await countOn(page, "app-login");
    await Promise.all([page.waitForURL(/recovered=1/), page.click("form.recovery-form button[type=submit]")]);
    assert.ok(page.url().includes(`/report/${id}?recovered=1`));
    assert.match(await page.locator("[data-recovery-status]").textContent(), /谢谢/);
    assert.equal(await countOn(page, "app-login"), before + 1);
    // Clicking again is thanked without counting twice.
    await Promise.all([page.waitForURL(/repeat=1/), page.click("form.recovery-form button[type=submit]")]);
    assert.equal(await countOn(page, "app-login"), before + 1);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
