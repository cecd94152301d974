// End-to-end: the browser-notification button (src/views/push-button.tsx, public/push.js) on the
// Worker's real pages with Web Push configured (the status page, verdict pages), its service worker
// (public/sw.js) and the web app manifest, in Chromium, at 360 px and on a desktop, axe clean.
//
// Real: the pages as the Worker renders them with its VAPID key and CSP, the permission prompt, the
// service worker registration, and the subscriptions API storing what the button posts (counted
// through the admin API). What stands in for what cannot run here:
// - A browser's PushManager.subscribe talks to its vendor's push service (FCM for Chromium), which a
//   test cannot reach, and headless Chromium has none. An init script replaces
//   PushManager.prototype.subscribe with one that records the applicationServerKey it is given and
//   returns a subscription-shaped object (endpoint, keys, toJSON).
// - A push message is delivered to /sw.js with DevTools' ServiceWorker.deliverPushMessage (plaintext:
//   the encrypted round trip through a push service is notify-pipeline.e2e.test.mjs).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { launchChromium } from "./browser.mjs";
import { axe, MOBILE, noHorizontalScroll, openPage, until } from "./page.mjs";
import { adminCall as callAdmin, startServer, TEST_VAPID as VAPID } from "./server.mjs";

const SHOTS = "screenshots";
const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;
const KEYS = {
  p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  auth: "BTBZMqHH6r4Tts7J_aSIgg",
};
const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

let server;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([
    startServer({ demo: false, vars: { ...VAPID, ADMIN_TOKEN: TOKEN } }),
    launchChromium(),
  ]);
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** The admin API of this file's server. */
const adminCall = (method, path, body) => callAdmin(server, TOKEN, method, path, body);

/** Active push subscribers of the default service, as the console counts them. */
async function pushSubscribers() {
  const counts = await adminCall("GET", "/subscribers?service=huabei");
  return counts.channels.find((row) => row.channel === "push")?.confirmed ?? 0;
}

/** A subscription as a browser's push service would hand it out, at a fresh endpoint (`scheme` to break it). */
function fakeSubscription(scheme = "https") {
  const endpoint = `${scheme}://push.example.net/send/e2e-${randomBytes(6).toString("hex")}`;
  return { endpoint, expirationTime: null, keys: KEYS };
}

/** Replaces PushManager.subscribe (see the top of this file); `window.__subscribeKeys` records the keys it got. */
function fakeSubscribe(subscription) {
  window.__subscribeKeys = [];
  PushManager.prototype.subscribe = (options) => {
    const key = new Uint8Array(options.applicationServerKey);
    window.__subscribeKeys.push(btoa(String.fromCharCode(...key)));
    return Promise.resolve({ endpoint: subscription.endpoint, toJSON: () => subscription });
  };
}

/**
 * A page context with the stand-in PushManager.subscribe (or `initScript`), notifications allowed
 * unless `permission` is false; `posted` collects what the page sends to the subscriptions API,
 * `answered()` what the API answered.
 */
async function pushContext(
  { subscription = fakeSubscription(), permission = true, initScript = fakeSubscribe, ...options } = {},
  { ignoreConsole = null } = {},
) {
  const opened = await openPage(browser, options, { ignoreConsole });
  opened.page.setDefaultTimeout(20_000);
  await opened.context.addInitScript(initScript, subscription);
  if (permission) await opened.context.grantPermissions(["notifications"], { origin: server.url });
  const posted = [];
  const answers = [];
  opened.page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/api/subscriptions"))
      posted.push(request.postDataJSON());
  });
  opened.page.on("response", async (response) => {
    const request = response.request();
    if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/api/subscriptions"))
      answers.push({ status: response.status(), body: await response.json() });
  });
  /** The API's answers once there are `n` (the response listener reads their bodies asynchronously). */
  const answered = (n = 1) => until(`${n} answer(s) of the subscriptions API`, () => answers.length >= n && answers);
  return { ...opened, subscription, posted, answered };
}

/** Fills and sends the report form; resolves on the verdict page. */
async function report(page, { component, symptom, lang = "" }) {
  await page.goto(`${server.url}/report${lang}`);
  await page.locator(`input[name=component][value=${component}]`).check();
  await page.locator(`input[name=symptom][value=${symptom}]`).check();
  await page.locator("input[name=other_methods_work][value=unknown]").check();
  await page.locator("button[type=submit]").click();
  await page.waitForURL(/\/report\/[0-9a-f-]{36}/);
  await page.locator("#verdict").waitFor();
}

const button = (page) => page.locator("#subscribe button[data-push-subscribe]");
const status = (page) => page.locator("#subscribe [data-push-status]");
/** Clicks the button and waits for its answer, whatever it is. */
async function press(page) {
  const working = await button(page).getAttribute("data-working");
  await button(page).click();
  await page.waitForFunction((text) => {
    const shown = document.querySelector("#subscribe [data-push-status]").textContent;
    return shown !== "" && shown !== text;
  }, working);
  return status(page).textContent();
}

describe("the notification button on the status page", () => {
  test("desktop: subscribes this browser to the whole service with the Worker's key, and says so", async () => {
    const { context, page, problems, posted, answered, subscription } = await pushContext();
    const before = await pushSubscribers();
    const scripts = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${server.url}/`);
    // The button is in the sign-up form, revealed by push.js (hidden without JavaScript).
    await button(page).waitFor({ state: "visible" });
    assert.equal(await button(page).textContent(), "开启浏览器通知");
    assert.equal(await page.locator("[data-push-iphone]").isVisible(), false);
    assert.equal(await page.locator("head link[rel=manifest]").getAttribute("href"), "/manifest.webmanifest");
    await axe(page, "the status page with the notification button");
    // The part that subscribes loads on the click only: the page's weight budget holds without it.
    assert.ok(scripts.includes("/push.js") && !scripts.includes("/push-subscribe.js"), scripts.join());

    assert.match(await press(page), /^已开启/);
    assert.equal(scripts.filter((path) => path === "/push-subscribe.js").length, 1);
    assert.deepEqual(posted, [{ channel: "push", push: subscription, locale: "zh-CN", service: "huabei" }]);
    const answers = await answered();
    assert.deepEqual(answers, [
      {
        status: 202,
        body: {
          subscription: {
            id: answers[0].body.subscription.id,
            channel: "push",
            status: "active",
            follows: { service: "huabei", components: null, incidents: null },
          },
        },
      },
    ]);
    assert.deepEqual(await page.evaluate(() => window.__subscribeKeys), [
      Buffer.from(VAPID.VAPID_PUBLIC_KEY, "base64url").toString("base64"),
    ]);
    assert.equal(await button(page).isDisabled(), true);
    assert.equal(await pushSubscribers(), before + 1);
    // The service worker is Chromium's own registration of /sw.js, active for the whole site.
    const worker = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => [r.scope, r.active.scriptURL]));
    assert.deepEqual(worker, [`${server.url}/`, `${server.url}/sw.js`]);
    await axe(page, "the status page after subscribing");
    await page.locator("#subscribe").screenshot({ path: `${SHOTS}/push-status-form-desktop.png` });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the manifest it links makes a standalone home-screen app of the service, and its icons exist", async () => {
    const response = await fetch(`${server.url}/manifest.webmanifest`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/manifest+json; charset=utf-8");
    const manifest = await response.json();
    assert.equal(manifest.display, "standalone");
    assert.equal(manifest.name, "花呗服务状态");
    assert.equal(new URL(manifest.start_url, server.url).href, `${server.url}/`);
    for (const icon of manifest.icons) {
      const file = await fetch(new URL(icon.src, server.url));
      await file.arrayBuffer();
      assert.equal(file.status, 200, icon.src);
      assert.equal(file.headers.get("content-type")?.split(";")[0], icon.type, icon.src);
    }
  });

  test("stays hidden without Web Push in the browser; on an iPhone it says to add the page to the home screen", async () => {
    const noPush = () => {
      delete window.PushManager;
    };
    for (const [userAgent, noteShown] of [
      [undefined, false],
      [IPHONE_UA, true],
    ]) {
      const options = userAgent ? { userAgent, viewport: MOBILE } : {};
      const { context, page, problems } = await pushContext({ initScript: noPush, ...options });
      await page.goto(`${server.url}/`, { waitUntil: "networkidle" });
      assert.equal(await button(page).isVisible(), false);
      assert.equal(await page.locator("[data-push-iphone]").isVisible(), noteShown, userAgent ?? "desktop");
      if (userAgent) {
        await noHorizontalScroll(page);
        await axe(page, "the status page on an iPhone");
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
  });

  test("says so when notifications are not allowed, and posts nothing", async () => {
    const { context, page, posted } = await pushContext({ permission: false });
    await page.goto(`${server.url}/`);
    // Chromium without a granted permission answers the prompt with "denied" when headless.
    assert.match(await press(page), /^浏览器没有允许/);
    assert.deepEqual(posted, []);
    assert.equal(await button(page).isDisabled(), false);
    await context.close();
  });

  test("shows the API's own message when it refuses the subscription, on an English page, and can be tried again", async () => {
    const refused = fakeSubscription("http");
    const { context, page, answered } = await pushContext(
      { subscription: refused, locale: "en-US" },
      // Chromium logs the 400 of the refused sign-up as a console error.
      { ignoreConsole: /status of 400/ },
    );
    const before = await pushSubscribers();
    await page.goto(`${server.url}/?lang=en`);
    assert.equal(await button(page).textContent(), "Turn on browser notifications");
    const shown = await press(page);
    const answers = await answered();
    assert.equal(answers[0].status, 400);
    assert.equal(answers[0].body.error.field, "push.endpoint");
    assert.equal(shown, answers[0].body.error.message);
    assert.equal(await button(page).isDisabled(), false);
    assert.equal(await pushSubscribers(), before);
    await context.close();
  });
});

describe("the notification button on a verdict page", () => {
  test("360 px: follows the component the verdict is about", async () => {
    const { context, page, problems, posted, answered, subscription } = await pushContext({ viewport: MOBILE });
    await report(page, { component: "credit-account", symptom: "account_frozen" });
    await button(page).waitFor({ state: "visible" });
    assert.equal(await button(page).getAttribute("data-components"), "credit-account");
    await noHorizontalScroll(page);
    await axe(page, "a verdict page with the notification button");
    assert.match(await press(page), /^已开启/);
    assert.deepEqual(posted, [
      { channel: "push", push: subscription, locale: "zh-CN", service: "huabei", components: ["credit-account"] },
    ]);
    const answers = await answered();
    assert.deepEqual(answers[0].body.subscription.follows, {
      service: "huabei",
      components: ["credit-account"],
      incidents: null,
    });
    await noHorizontalScroll(page);
    await page.screenshot({ path: `${SHOTS}/push-verdict-mobile.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("desktop, English, during an outage: follows the incident", async () => {
    const incident = await adminCall("POST", "/incidents", {
      incident: { name: "线上支付失败", components: { "online-pay": "major_outage" } },
    });
    try {
      const { context, page, problems, posted, answered } = await pushContext({ locale: "en-US" });
      await report(page, { component: "online-pay", symptom: "system_busy", lang: "?lang=en" });
      assert.equal(await button(page).getAttribute("data-incident"), incident.id);
      assert.equal(await page.locator("head link[rel=manifest]").getAttribute("href"), "/manifest.webmanifest?lang=en");
      await axe(page, "an outage verdict with the notification button");
      assert.match(await press(page), /^Done/);
      assert.equal(posted[0].incident, incident.id);
      assert.equal(posted[0].locale, "en");
      const answers = await answered();
      assert.deepEqual(answers[0].body.subscription.follows, {
        service: "huabei",
        components: null,
        incidents: [incident.id],
      });
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await adminCall("PATCH", `/incidents/${incident.id}`, { incident: { status: "resolved", body: "已恢复。" } });
    }
  });
});

describe("the service worker", () => {
  // The headless Chromium of these tests has no notification display (showNotification is refused
  // there even with the permission granted), so the worker's showNotification, clients.matchAll and
  // clients.openWindow are replaced inside the real /sw.js with recorders; the events are real
  // (DevTools delivers the push) or dispatched as the browser would.
  test("shows a push message as a notification, and a click opens its link (web links only)", async () => {
    const { context, page } = await pushContext();
    const cdp = await context.newCDPSession(page);
    const registrations = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations: list }) => registrations.push(...list));
    await cdp.send("ServiceWorker.enable");
    await page.goto(`${server.url}/`);
    assert.match(await press(page), /^已开启/);
    const registration = await until("the registration of /sw.js", () =>
      registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted),
    );
    const worker = await until("the running /sw.js", () =>
      context.serviceWorkers().find((w) => w.url() === `${server.url}/sw.js`),
    );
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
    const shown = await until("the notification", async () => {
      const list = await worker.evaluate(() => self.__shown);
      return list.length > 0 ? list : null;
    });
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
