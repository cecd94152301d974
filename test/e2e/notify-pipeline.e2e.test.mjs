// End-to-end: subscriber notifications through the whole pipeline, against the real Worker under
// `wrangler dev` and real local receivers started here:
// - an SMTP server (smtp-server + mailparser, test/setup/smtp-server.ts): the Worker sends over
//   `cloudflare:sockets` with SMTP_HOST / SMTP_PORT / SMTP_SECURE=none / MAIL_FROM;
// - a Web Push service (test/setup/push-endpoint.ts): mints subscriptions like a browser's push
//   service, checks VAPID (RFC 8292) and decrypts aes128gcm (RFC 8291) with http_ece;
// - a chat robot receiver (test/setup/chat-receiver.ts) answering as WeCom does.
// Those three files are TypeScript; Node 22 (the `node` devDependency every `npm run` uses) imports
// them with its type stripping, so they stay the one implementation the Workers tests use too.
//
// The flow: an e-mail address, a push subscription and a WeCom robot sign up through
// POST /api/subscriptions; the e-mail and the robot are confirmed through the links their
// confirmation messages carry (GET shows a button, POST confirms); an incident declared through
// the admin API goes through NOTIFY_QUEUE (Miniflare's local queue under `wrangler dev`, configured
// in wrangler.toml) to all three; one-click unsubscribe (RFC 8058) stops the mail and nothing else.
// PUBLIC_URL is the server's own address, so every link in a message is one this test can follow.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { startChatReceiver } from "../setup/chat-receiver.ts";
import { startPushEndpoint } from "../setup/push-endpoint.ts";
import { startSmtpServers } from "../setup/smtp-server.ts";
import { until } from "./page.mjs";
import { adminCall as callAdmin, startServer, TEST_VAPID } from "./server.mjs";

const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;
const run = randomBytes(4).toString("hex");
/** Unsubscribes after the first notice. */
const LEAVING = `leaving-${run}@example.com`;
/** Stays, in English: the control that shows the second notice did go out by e-mail. */
const STAYING = `staying-${run}@example.com`;
const WECOM_PATH = `/wecom/ok/pipeline-${run}`;
const INCIDENT = { name: `线上支付失败 e2e-${run}`, body: "部分用户线上支付失败，正在排查。" };
const SECOND_UPDATE = "已定位原因，正在修复。";

let server;
let smtp;
let pushService;
let chat;
/** What the steps share: the push subscription, the incident, the leaving address's unsubscribe URL. */
const state = {};

before(async () => {
  [smtp, pushService, chat] = await Promise.all([startSmtpServers(), startPushEndpoint(), startChatReceiver()]);
  server = await startServer({
    demo: false,
    vars: (url) => ({
      ADMIN_TOKEN: TOKEN,
      PUBLIC_URL: url,
      WEBHOOK_ALLOW_HTTP_LOCALHOST: "true",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(smtp.openPort),
      SMTP_SECURE: "none",
      MAIL_FROM: "花呗状态 <status@example.com>",
      ...TEST_VAPID,
    }),
  });
});

after(async () => {
  server?.stop();
  await Promise.all([smtp?.close(), pushService?.close(), chat?.close()]);
});

/** The admin API of this file's server. */
const adminCall = (method, path, body) => callAdmin(server, TOKEN, method, path, body);

async function signUp(body) {
  const response = await fetch(`${server.url}/api/subscriptions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  assert.equal(response.status, 202, JSON.stringify(json));
  return json.subscription;
}

/** Confirmed and pending subscribers of one channel, as the console counts them. */
async function counts(channel) {
  const { channels } = await adminCall("GET", "/subscribers?service=huabei");
  return channels.find((row) => row.channel === channel) ?? { confirmed: 0, pending: 0 };
}

const mailsTo = (address) => smtp.mailbox.filter((mail) => mail.envelope.to.includes(address));
const wecomMessages = () => chat.received.filter((request) => request.path === WECOM_PATH);
async function pushed() {
  const response = await fetch(`${state.push.endpoint}/received`);
  return response.json();
}

/**
 * Follows a confirmation link as a person does: its GET shows a button and confirms nothing (mail
 * scanners fetch links), the button's POST confirms. Answers the page the POST shows.
 */
async function confirmThrough(link, channel) {
  assert.ok(link.startsWith(`${server.url}/subscriptions/confirm?`), link);
  const before = await counts(channel);
  const shown = await fetch(link);
  assert.equal(shown.status, 200);
  const page = await shown.text();
  assert.match(page, /确认订阅|Confirm/);
  const form = page.match(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/);
  assert.ok(form, "the confirmation page has a form that posts");
  const field = (name) => form[2].match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
  assert.deepEqual(await counts(channel), before, "a GET confirms nothing");
  const confirmed = await fetch(new URL(form[1].replaceAll("&amp;", "&"), server.url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ id: field("id"), token: field("token") }).toString(),
  });
  assert.equal(confirmed.status, 200);
  assert.deepEqual(await counts(channel), { channel, confirmed: before.confirmed + 1, pending: before.pending - 1 });
  return confirmed.text();
}

describe("subscriber notifications, from sign-up to delivery", () => {
  test("e-mail: two addresses sign up and confirm through the link of the confirmation e-mail", async () => {
    for (const [address, locale] of [
      [LEAVING, "zh-CN"],
      [STAYING, "en"],
    ]) {
      const subscription = await signUp({ channel: "email", address, locale });
      assert.equal(subscription.status, "pending");
      const mail = await until(`the confirmation e-mail to ${address}`, () => mailsTo(address)[0]);
      assert.equal(mail.server, "open");
      assert.equal(mail.from, "status@example.com");
      assert.match(mail.subject, locale === "en" ? /confirm/i : /确认/);
      const link = mail.text.match(/https?:\/\/\S+\/subscriptions\/confirm\?\S+/)?.[0];
      assert.ok(link, `a confirmation link in:\n${mail.text}`);
      const page = await confirmThrough(link, "email");
      assert.match(page, locale === "en" ? /Confirmed/ : /已确认订阅/);
    }
  });

  test("Web Push: a subscription minted by the local push service signs up, active at once", async () => {
    const minted = await fetch(`${pushService.origin}/subscriptions`, {
      method: "POST",
      body: JSON.stringify({ applicationServerKey: TEST_VAPID.VAPID_PUBLIC_KEY }),
    });
    state.push = await minted.json();
    const before = await counts("push");
    const subscription = await signUp({ channel: "push", push: state.push, locale: "zh-CN" });
    assert.equal(subscription.status, "active");
    assert.equal((await counts("push")).confirmed, before.confirmed + 1);
  });

  test("WeCom: a robot at the local receiver signs up and is confirmed through the link posted to its group", async () => {
    const address = `${chat.origin}${WECOM_PATH}`;
    assert.equal((await signUp({ channel: "wecom", address, locale: "zh-CN" })).status, "pending");
    const message = await until("the confirmation in the WeCom group", () => wecomMessages()[0]);
    assert.equal(message.body.msgtype, "markdown");
    const link = message.body.markdown.content.match(
      /\]\((https?:\/\/[^)\s]+\/subscriptions\/confirm\?[^)\s]+)\)/,
    )?.[1];
    assert.ok(link, `a confirmation link in:\n${message.body.markdown.content}`);
    assert.match(await confirmThrough(link, "wecom"), /已确认订阅/);
  });

  test("an incident declared through the admin API reaches the mailbox, the push service and the WeCom group", async () => {
    const incident = await adminCall("POST", "/incidents", {
      incident: { ...INCIDENT, components: { "online-pay": "major_outage" } },
    });
    state.incident = incident;
    const incidentUrl = `${server.url}/incidents/${incident.id}`;

    // E-mail: the notice, with RFC 8058 one-click unsubscribe and a plain-text part.
    const mail = await until("the notice e-mail", () =>
      mailsTo(LEAVING).find((m) => m.subject.includes(INCIDENT.name)),
    );
    // A text/plain part of its own (the mailbox parses with skipHtmlToText: `text` is never made from the HTML).
    assert.match(mail.headers["content-type"], /^multipart\//);
    assert.ok(mail.text.includes(INCIDENT.body), mail.text);
    assert.ok(mail.text.includes(incidentUrl), mail.text);
    assert.ok(mail.html.includes(INCIDENT.body));
    assert.equal(mail.headers["list-unsubscribe-post"], "List-Unsubscribe=One-Click");
    const unsubscribe = mail.headers["list-unsubscribe"].match(/^<(https?:\/\/[^>]+)>$/)?.[1];
    assert.ok(unsubscribe?.startsWith(`${server.url}/subscriptions/unsubscribe?`), mail.headers["list-unsubscribe"]);
    state.unsubscribe = unsubscribe;
    const english = await until("the English notice e-mail", () =>
      mailsTo(STAYING).find((m) => m.subject.includes(INCIDENT.name)),
    );
    assert.ok(english.text.includes(incidentUrl));

    // Web Push: signed with the Worker's VAPID key, encrypted for this subscription, decrypted by the push service.
    const delivered = await until("the push message", async () => {
      const got = await pushed();
      assert.deepEqual(got.rejected, [], "the push service refused nothing");
      return got.received[0];
    });
    const payload = JSON.parse(delivered.payload);
    assert.ok(payload.title.includes(INCIDENT.name), payload.title);
    assert.ok(payload.body.includes(INCIDENT.body), payload.body);
    assert.ok(payload.url.startsWith(incidentUrl), payload.url);
    assert.ok(delivered.ttl > 0);
    // The link leads to the incident's page.
    const page = await fetch(payload.url);
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes(INCIDENT.name));

    // WeCom: a markdown message in the platform's own format, with the incident's title and link.
    const message = await until("the WeCom notice", () => wecomMessages()[1]);
    assert.equal(message.method, "POST");
    assert.equal(message.answer.status, 200);
    assert.equal(message.body.msgtype, "markdown");
    assert.ok(message.body.markdown.content.includes(INCIDENT.name), message.body.markdown.content);
    assert.ok(message.body.markdown.content.includes(incidentUrl), message.body.markdown.content);
  });

  test("one-click unsubscribe: the next update reaches push, WeCom and the other address, not that mailbox", async () => {
    const before = await counts("email");
    const left = await fetch(state.unsubscribe, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(left.status, 200);
    assert.match(await left.text(), /已退订/);
    assert.equal((await counts("email")).confirmed, before.confirmed - 1);
    const mailsBefore = mailsTo(LEAVING).length;

    await adminCall("PATCH", `/incidents/${state.incident.id}`, {
      incident: { status: "identified", body: SECOND_UPDATE },
    });
    const withUpdate = (text) => text.includes(SECOND_UPDATE);
    await until("the update by push", async () =>
      (await pushed()).received.some((r) => withUpdate(JSON.parse(r.payload).body)),
    );
    await until("the update in the WeCom group", () =>
      wecomMessages().some((m) => withUpdate(m.body.markdown.content)),
    );
    // The staying address gets it, from the same fan-out as the one that left would have.
    await until("the update by e-mail to the address that stayed", () =>
      mailsTo(STAYING).some((m) => withUpdate(m.text)),
    );
    assert.equal(mailsTo(LEAVING).length, mailsBefore);
    assert.ok(!mailsTo(LEAVING).some((m) => withUpdate(m.text)));
    // Nothing went wrong on the way.
    assert.deepEqual(await adminCall("GET", "/notifications/failed?service=huabei"), []);
  });
});
