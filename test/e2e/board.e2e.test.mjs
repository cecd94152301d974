// End-to-end: the board of every service (/services) and a verdict's live
// alternatives, in Chromium (browser.mjs) against the real Worker. One server
// with a freshly migrated D1 (no demo data): the tests seed it through the
// admin API as an operator would, three more services with WeChat Pay in an
// outage, so what the pages must say is known exactly.
// Screenshots go to screenshots/ (git-ignored): look at them.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { axe, openPage } from "./page.mjs";
import { startServer } from "./server.mjs";

const SHOTS = "screenshots";
const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;
const DOWN = "wechat-pay";
/** Every service on the board, in board order, and what its card must say. */
const SERVICES = [
  { id: "huabei", zh: "花呗", en: "Huabei", down: false },
  { id: "alipay", zh: "支付宝", en: "Alipay", down: false },
  { id: "unionpay", zh: "云闪付", en: "UnionPay QuickPass", down: false },
  { id: DOWN, zh: "微信支付", en: "WeChat Pay", down: true },
];
/** Each service's preset alternatives that are services (src/config/presets.ts), in the preset's order. */
const ALTERNATIVES = {
  huabei: ["wechat-pay", "unionpay"],
  alipay: ["wechat-pay", "unionpay"],
  unionpay: ["wechat-pay", "alipay"],
  "wechat-pay": ["alipay", "unionpay"],
};

let server;
let browser;

const open = (options) => openPage(browser, options);

async function adminPost(path, body) {
  const response = await fetch(`${server.url}/api/admin${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  assert.equal(response.status, 201, `POST ${path}: ${JSON.stringify(json)}`);
  return json;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServer({ vars: { ADMIN_TOKEN: TOKEN }, demo: false }), launchChromium()]);
  // Three more services from their presets (their groups and components come with them).
  for (const { id } of SERVICES.slice(1)) await adminPost("/services", { service: { preset: id } });
  // WeChat Pay is down: an operator declares it on its two payment components.
  await adminPost("/incidents", {
    incident: {
      service_id: DOWN,
      name: "微信支付付款失败 / WeChat Pay payments failing",
      status: "identified",
      impact_override: "critical",
      body: "扫码和小程序支付大面积失败。 / QR and in-app payments are failing.",
      components: { "wechat-pay-pay": "major_outage", "wechat-pay-online": "major_outage" },
    },
  });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** The board's cards as the page shows them: service, status word, "you can use" line. */
async function boardCards(page) {
  return page.locator("li.board-row").evaluateAll((cards) =>
    cards.map((card) => ({
      id: card.dataset.service,
      name: card.querySelector("h2").textContent.trim(),
      status: card.querySelector(".comp-head > :last-child").textContent.trim(),
      canUse: card.querySelector(".can-use").textContent.trim(),
    })),
  );
}

function checkBoard(cards, lang) {
  const word = lang === "zh" ? { up: "运行正常", down: "重大故障" } : { up: "Operational", down: "Major outage" };
  const canUse = lang === "zh" ? "现在可以改用：" : "You can use instead: ";
  assert.deepEqual(
    cards.map((c) => c.id),
    SERVICES.map((s) => s.id),
  );
  for (const card of cards) {
    const service = SERVICES.find((s) => s.id === card.id);
    assert.equal(card.name, service[lang]);
    assert.match(card.status, new RegExp(service.down ? word.down : word.up), `${card.id}: ${card.status}`);
    // Working alternatives only, in the preset's order; the service that is down never.
    const working = ALTERNATIVES[card.id]
      .filter((id) => id !== DOWN)
      .map((id) => SERVICES.find((s) => s.id === id)[lang]);
    assert.equal(card.canUse, canUse + working.join(lang === "zh" ? "、" : ", "), card.id);
    assert.ok(!card.canUse.includes(SERVICES.find((s) => s.id === DOWN)[lang]), `${card.id} offers ${DOWN}`);
  }
}

describe("board", () => {
  test("/services in Chinese: each service's status, and what works instead names only working ones", async () => {
    const { context, page, problems } = await open();
    const response = await page.goto(`${server.url}/services`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
    const cards = await boardCards(page);
    checkBoard(cards, "zh");
    assert.match(
      await page.locator(`li.board-row[data-service=${DOWN}]`).getAttribute("data-indicator"),
      /major|critical/,
    );
    for (const { id } of SERVICES.filter((s) => !s.down)) {
      assert.equal(await page.locator(`li.board-row[data-service=${id}]`).getAttribute("data-indicator"), "none");
    }
    // The cards link to each service's own page.
    await page.locator(`li.board-row[data-service=${DOWN}] h2 a`).click();
    await page.waitForURL(/\/s\/wechat-pay$/);
    assert.match(await page.locator("h1").first().innerText(), /重大故障|部分系统异常|部分功能出现故障/);
    await page.goto(`${server.url}/services`);
    await page.screenshot({ path: `${SHOTS}/board.png`, fullPage: true });
    await axe(page, "/services");
    // The JSON says the same.
    const json = await (await fetch(`${server.url}/api/services.json`)).json();
    assert.deepEqual(
      json.services.map((s) => [s.id, s.status.indicator !== "none", s.can_use_instead.map((a) => a.id)]),
      SERVICES.map((s) => [s.id, s.down, ALTERNATIVES[s.id].filter((id) => id !== DOWN)]),
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("/services in English", async () => {
    const { context, page, problems } = await open({
      locale: "en-US",
      extraHTTPHeaders: { "Accept-Language": "en-US,en;q=0.9" },
    });
    await page.goto(`${server.url}/services`);
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    checkBoard(await boardCards(page), "en");
    await page.screenshot({ path: `${SHOTS}/board-en.png`, fullPage: true });
    // 360 px: the cards fit, nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    const [scroll, client] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    assert.ok(scroll <= client, `/services scrolls sideways at 360 px: ${scroll} > ${client}`);
    await page.screenshot({ path: `${SHOTS}/board-mobile-en.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("an unknown service is an HTML 404 page", async () => {
    const { context, page } = await open();
    const response = await page.goto(`${server.url}/s/nope`);
    assert.equal(response.status(), 404);
    assert.match(response.headers()["content-type"] ?? "", /^text\/html/);
    assert.ok(await page.locator("h1").first().isVisible());
    await context.close();
  });
});

/** The verdict's alternatives, in the order shown. */
async function alternatives(page) {
  return page.locator("#verdict ul.alternatives > li").evaluateAll((items) =>
    items.map((li) => ({
      service: li.dataset.service ?? null,
      recommended: li.classList.contains("alt-ok"),
      text: li.textContent.trim(),
    })),
  );
}

function checkAlternatives(list, lang) {
  const words =
    lang === "zh"
      ? { up: "运行正常", down: "重大故障", no: "暂不推荐", wechat: "微信支付", unionpay: "云闪付" }
      : {
          up: "Operational",
          down: "Major outage",
          no: "not recommended now",
          wechat: "WeChat Pay",
          unionpay: "UnionPay QuickPass",
        };
  // Huabei's preset: WeChat Pay, UnionPay QuickPass, JD Pay (built in, not enabled here), a bank card, the
  // Alipay balance, a phone wallet. Working ones first.
  assert.equal(list.length, 6, JSON.stringify(list));
  const firstNo = list.findIndex((a) => !a.recommended);
  assert.ok(firstNo > 0 && list.slice(firstNo).every((a) => !a.recommended), "recommended ones come first");
  assert.equal(list[0].service, "unionpay");
  assert.match(list[0].text, new RegExp(`^${words.unionpay}.*${words.up}$`));
  const wechat = list.find((a) => a.service === DOWN);
  assert.equal(wechat, list[list.length - 1]);
  assert.equal(wechat.recommended, false);
  assert.match(wechat.text, new RegExp(`^${words.wechat}.*${words.down}.*${words.no}`));
  // The ones the page does not track (no live status) are still offered, without a status of their own.
  assert.equal(list.filter((a) => a.service === null && a.recommended).length, 3);
  assert.deepEqual(
    list.filter((a) => a.service === "jd-pay").map((a) => a.recommended),
    [true],
  );
}

describe("verdict with live alternatives", () => {
  test("without JavaScript: the form posts, the verdict page lists alternatives by live status", async () => {
    const { context, page, problems } = await open({ javaScriptEnabled: false });
    await page.goto(`${server.url}/report`);
    await page.locator("input[name=component][value=online-pay]").check();
    await page.locator("input[name=symptom][value=payment_failed]").check();
    await page.locator("button[type=submit]").click();
    await page.waitForURL(/\/report\/[0-9a-f-]{36}$/);
    checkAlternatives(await alternatives(page), "zh");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("with JavaScript, in English: the verdict appears in place with the same list", async () => {
    const { context, page, problems } = await open({ locale: "en-US" });
    await page.goto(`${server.url}/report?lang=en`);
    await page.evaluate(() => (window.__samePage = true));
    await page.locator("input[name=component][value=offline-pay]").check();
    await page.locator("input[name=symptom][value=system_busy]").check();
    await page.locator("button[type=submit]").click();
    await page.locator("#verdict").waitFor();
    assert.equal(await page.evaluate(() => window.__samePage), true, "no full page load");
    checkAlternatives(await alternatives(page), "en");
    await page.screenshot({ path: `${SHOTS}/verdict-alternatives-en.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
