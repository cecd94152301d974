// What every end-to-end file needs around a page: a fresh browser context that
// collects the page's problems, axe-core, and the no-sideways-scroll check.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const DESKTOP = { width: 1280, height: 900 };
export const MOBILE = { width: 360, height: 740 };

/**
 * A page in a new context (desktop, zh-CN, Asia/Shanghai unless `options` say
 * otherwise) whose `problems` collect console errors (CSP violations show up
 * there), uncaught errors and, unless `requestFailures` is false, failed
 * requests. `ignoreConsole` leaves out console errors the test causes on purpose.
 */
export async function openPage(browser, options = {}, { ignoreConsole = null, requestFailures = true } = {}) {
  const context = await browser.newContext({
    viewport: DESKTOP,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    ...options,
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !ignoreConsole?.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  if (requestFailures) page.on("requestfailed", (request) => problems.push(`requestfailed: ${request.url()}`));
  return { context, page, problems };
}

/** No serious or critical axe-core violation. Playwright evaluates in the page: only with JavaScript on. */
export async function axe(page, name) {
  // Evaluated through DevTools, so the page's CSP (no inline script) does not block it.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    [],
    `axe found serious/critical violations on ${name}`,
  );
}

/** Nothing on the page is wider than the window. */
export async function noHorizontalScroll(page, name = "the page") {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  assert.ok(scroll <= client, `${name} scrolls sideways: ${scroll} > ${client}`);
}

/**
 * Polls `check` (sync or async) every `everyMs` until it answers something other than
 * undefined, null or false, and returns that; fails naming `what` after `timeoutMs`.
 * For conditions the test cannot await directly (a queue consumer, a mail server).
 */
export async function until(what, check, { timeoutMs = 20_000, everyMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
