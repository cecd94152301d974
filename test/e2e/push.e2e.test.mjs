// End-to-end: the browser-notification button (public/push.js) and the service worker
// (public/sw.js) in Chromium, on a real page of the Worker with its own CSP.
//
// What stands in for what cannot run here:
// - The button is not on a page yet: the test renders the real PushButton
//   (src/views/push-button.tsx, through tsx) and puts it into the status page, then
//   loads /push.js from the Worker as the page would.
// - A browser's PushManager.subscribe talks to its vendor's push service (FCM for
//   Chromium), which a test cannot reach. An init script replaces
//   PushManager.prototype.subscribe with one that checks the applicationServerKey it
//   is given and returns a subscription-shaped object (endpoint, keys, toJSON). The
//   permission prompt, the service worker registration and `ready` are Chromium's own.
// - The subscriptions API is another branch's: page.route answers POST
//   /api/subscriptions as its contract says ({ subscription } or { error }) and keeps
//   the body the script sent.
// - A push message is delivered to /sw.js with DevTools' ServiceWorker.deliverPushMessage
//   (plaintext: the encryption is tested in test/notify/push/ against a local push service).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { openPage } from "./page.mjs";
import { startServer } from "./server.mjs";

// Any valid P-256 point will do: nothing is signed with it here.
const VAPID_KEY = "BCpw_RS5wCck08G74QqUmjPky_P6Q043Bbe0brQrAlZFsWLKACp3MDlmKON96Iaja-sA99CEvKZQSuN2D4TjwN0";
const FAKE_SUBSCRIPTION = {
  endpoint: "https://push.example.net/send/e2e-1",
  expirationTime: null,
  keys: {
    p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
    auth: "BTBZMqHH6r4Tts7J_aSIgg",
  },
};
const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

let server;
let browser;
/** The button's HTML per language, as src/views/push-button.tsx renders it. */
const markup = {};

function renderButton(locale) {
  const script = `
    import { pageContext } from "./src/config/page";
    import { PRESETS } from "./src/config/presets";
    import { PushButton } from "./src/views/push-button";
    const ctx = pageContext({ config: PRESETS.huabei.config, base: "", locale: "${locale}", lang: null, path: "/",
      url: "http://localhost", nowMs: 0 });
    process.stdout.write(String(await PushButton({ ctx, vapidPublicKey: "${VAPID_KEY}", components: ["online-pay"],
      incidentId: "inc-1" })));`;
  const run = spawnSync("npx", ["tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

before(async () => {
  markup["zh-CN"] = renderButton("zh-CN");
  markup.en = renderButton("en");
  server = await startServer({ demo: false });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** Replaces PushManager.subscribe (see the top of this file); `window.__subscribeKeys` records the keys it got. */
function fakeSubscribe(subscription) {
  window.__subscribeKeys = [];
  PushManager.prototype.subscribe = (options) => {
    const key = new Uint8Array(options.applicationServerKey);
    window.__subscribeKeys.push(btoa(String.fromCharCode(...key)));
    return Promise.resolve({ endpoint: subscription.endpoint, toJSON: () => subscription });
  };
}

/** The status page with the button in it and /push.js loaded; the answer of the subscriptions API is `answer`. */
async function pageWithButton({ locale = "zh-CN", answer, contextOptions = {}, initScript = fakeSubscribe }) {
  const { context, page, problems } = await openPage(browser, { locale, ...contextOptions });
  await context.addInitScript(initScript, FAKE_SUBSCRIPTION);
  const posted = [];
  await page.route("**/api/subscriptions", async (route) => {
    posted.push(route.request().postDataJSON());
    await route.fulfill({ status: answer.status, contentType: "application/json", body: JSON.stringify(answer.body) });
  });
  await page.goto(`${server.url}/${locale === "en" ? "?lang=en" : ""}`);
  await page.evaluate((html) => {
    const box = document.createElement("section");
    box.innerHTML = html;
    document.querySelector("main").append(box);
    const script = document.createElement("script");
    script.src = "/push.js";
    document.head.append(script);
  }, markup[locale]);
  return { context, page, problems, posted };
}

const button = (page) => page.locator("button[data-push-subscribe]");
const status = (page) => page.locator("[data-push-status]");

describe("the notification button", () => {
  test("subscribes with the page's key and posts the subscription, then says so", async () => {
    const answer = { status: 201, body: { subscription: { id: "sub-1", status: "active" } } };
    const { context, page, problems, posted } = await pageWithButton({ answer });
    await context.grantPermissions(["notifications"], { origin: server.url });
    await button(page).waitFor({ state: "visible" });
    assert.equal(await button(page).textContent(), "开启浏览器通知");
    assert.equal(await page.locator("[data-push-iphone]").isVisible(), false);
    await button(page).click();
    await page.waitForFunction(() => document.querySelector("[data-push-status]").textContent.startsWith("已开启"));
    assert.deepEqual(posted, [
      {
        channel: "push",
        push: FAKE_SUBSCRIPTION,
        locale: "zh-CN",
        service: "huabei",
        components: ["online-pay"],
        incident: "inc-1",
      },
    ]);
    const keys = await page.evaluate(() => window.__subscribeKeys);
    assert.deepEqual(keys, [Buffer.from(VAPID_KEY, "base64url").toString("base64")]);
    assert.equal(await button(page).isDisabled(), true);
    // The service worker is Chromium's own registration of /sw.js, active for the whole site.
    const worker = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => [r.scope, r.active.scriptURL]));
    assert.deepEqual(worker, [`${server.url}/`, `${server.url}/sw.js`]);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("shows the API's error message, in English on an English page, and can be tried again", async () => {
    const answer = { status: 400, body: { error: { code: "invalid_push", message: "push.endpoint: must use https" } } };
    const { context, page, posted } = await pageWithButton({ locale: "en", answer });
    await context.grantPermissions(["notifications"], { origin: server.url });
    await button(page).click();
    await page.waitForFunction(() => document.querySelector("[data-push-status]").textContent !== "Turning on…");
    assert.equal(await status(page).textContent(), "push.endpoint: must use https");
    assert.equal(posted[0].locale, "en");
    assert.equal(await button(page).isDisabled(), false);
    await context.close();
  });

  test("says so when notifications are not allowed, and posts nothing", async () => {
    const answer = { status: 201, body: { subscription: { id: "x", status: "active" } } };
    const { context, page, posted } = await pageWithButton({ answer });
    // Chromium without a granted permission answers the prompt with "denied" when headless.
    await button(page).click();
    await page.waitForFunction(() =>
      document.querySelector("[data-push-status]").textContent.startsWith("浏览器没有允许"),
    );
    assert.deepEqual(posted, []);
    await context.close();
  });

  test("stays hidden without Web Push; on an iPhone it says to add the page to the home screen", async () => {
    const answer = { status: 201, body: {} };
    const noPush = () => {
      delete window.PushManager;
    };
    for (const [userAgent, noteShown] of [
      [undefined, false],
      [IPHONE_UA, true],
    ]) {
      const contextOptions = userAgent ? { userAgent } : {};
      const { context, page } = await pageWithButton({ answer, contextOptions, initScript: noPush });
      await page.waitForFunction(() => document.querySelector("script[src='/push.js']"));
      await page.waitForLoadState("networkidle");
      assert.equal(await button(page).isVisible(), false);
      assert.equal(await page.locator("[data-push-iphone]").isVisible(), noteShown, userAgent ?? "desktop");
      await context.close();
    }
  });
});

describe("the service worker", () => {
  // The headless Chromium of these tests has no notification display (showNotification is refused
  // there even with the permission granted), so the worker's showNotification, clients.matchAll and
  // clients.openWindow are replaced inside the real /sw.js with recorders; the events are real
  // (DevTools delivers the push) or dispatched as the browser would.
  test("shows a push message as a notification, and a click opens its link (web links only)", async () => {
    const answer = { status: 201, body: { subscription: { id: "sub-2", status: "active" } } };
    const { context, page } = await pageWithButton({ answer });
    await context.grantPermissions(["notifications"], { origin: server.url });
    const cdp = await context.newCDPSession(page);
    const registrations = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations: list }) => registrations.push(...list));
    await cdp.send("ServiceWorker.enable");
    await button(page).click();
    await page.waitForFunction(() => document.querySelector("[data-push-status]").textContent.startsWith("已开启"));
    const registration = registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted);
    assert.ok(registration, "the registration of /sw.js");
    const worker = context.serviceWorkers().find((w) => w.url() === `${server.url}/sw.js`);
    assert.ok(worker, "the running /sw.js");
    await worker.evaluate(() => {
      self.__shown = [];
      self.__opened = [];
      self.__windows = [];
      self.registration.showNotification = (title, options) => {
        self.__shown.push({ title, options });
        return Promise.resolve();
      };
      self.clients.matchAll = () => Promise.resolve(self.__windows);
      self.clients.openWindow = (url) => {
        self.__opened.push(url);
        return Promise.resolve(null);
      };
    });

    const payload = {
      title: "花呗 · 线上支付：支付失败（已确认）",
      body: "部分用户线上支付失败，我们已确认原因，正在修复。",
      url: `${server.url}/incidents/inc-1?lang=zh-CN`,
      tag: "huabei:inc-1",
      level: "major",
    };
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: server.url,
      registrationId: registration.registrationId,
      data: JSON.stringify(payload),
    });
    let shown = [];
    for (const deadline = Date.now() + 10_000; shown.length === 0 && Date.now() < deadline; ) {
      shown = await worker.evaluate(() => self.__shown);
      if (shown.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(shown, [
      {
        title: payload.title,
        options: {
          body: payload.body,
          icon: "/push-icon.png",
          data: { url: payload.url },
          tag: payload.tag,
          renotify: true,
        },
      },
    ]);

    /** A notificationclick as the browser dispatches it; what the worker opened or focused. */
    const click = (url, windows) =>
      worker.evaluate(
        ([url, windows]) =>
          new Promise((resolve) => {
            const focused = [];
            self.__opened = [];
            self.__windows = windows.map((w) => ({ url: w, focus: () => focused.push(w) }));
            let closed = false;
            const event = new Event("notificationclick");
            event.notification = { data: { url }, close: () => (closed = true) };
            event.waitUntil = (promise) => promise.then(() => resolve({ closed, opened: self.__opened, focused }));
            self.dispatchEvent(event);
          }),
        [url, windows],
      );
    assert.deepEqual(await click(payload.url, []), { closed: true, opened: [payload.url], focused: [] });
    assert.deepEqual(await click(payload.url, [`${server.url}/`, payload.url]), {
      closed: true,
      opened: [],
      focused: [payload.url],
    });
    assert.deepEqual(await click("javascript:alert(1)", []), { closed: true, opened: [`${server.url}/`], focused: [] });
    await context.close();
  });
});
