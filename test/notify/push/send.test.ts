import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { fromBase64Url } from "../../../src/lib/base64url";
import type { Notice } from "../../../src/notify/notice";
import {
  DEFAULT_PUSH_TTL_SECONDS,
  PushEndpointRefused,
  PushSendError,
  pushPayloadOf,
  pushRequest,
  sendPush,
  type VapidConfig,
  vapidConfigOf,
} from "../../../src/notify/push/send";

// The local push service of test/setup/push-endpoint.ts, and the test VAPID pair of vitest.config.ts.
const pushService = inject("pushEndpoint");
const vapid = vapidConfigOf(env)!;
const LOOPBACK = { endpointPolicy: { allowHttpLocalhost: true } };

const notice: Notice = {
  key: "incident:inc-1:update:2",
  serviceId: "huabei",
  kind: "incident",
  incidentId: "inc-1",
  componentIds: ["online-pay"],
  level: "major",
  url: "https://status.example.com/incidents/inc-1",
  serviceUrl: "https://status.example.com",
  at: Date.UTC(2026, 9, 1, 8, 0),
  text: {
    "zh-CN": {
      service: "花呗",
      title: "花呗 · 线上支付：支付失败（已确认）",
      body: "部分用户线上支付失败，我们已确认原因，正在修复。",
      status: "已确认",
    },
    en: {
      service: "Huabei",
      title: "Huabei · Online payment: payments failing (identified)",
      body: "Some online payments fail. We know the cause and are fixing it.",
      status: "Identified",
    },
  },
};

interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A new "browser" subscription at the local push service, made with `applicationServerKey`. */
async function subscribe(applicationServerKey: string = vapid.publicKey): Promise<TestSubscription> {
  const response = await fetch(`${pushService}/subscriptions`, {
    method: "POST",
    body: JSON.stringify({ applicationServerKey }),
  });
  expect(response.status).toBe(201);
  return response.json();
}

interface Inbox {
  received: { payload: string; ttl: number; urgency: string | null; topic: string | null }[];
  rejected: { status: number; reason: string }[];
}

async function inbox(subscription: TestSubscription): Promise<Inbox> {
  return (await fetch(`${subscription.endpoint}/received`)).json();
}

/** Another P-256 key pair, as a VapidConfig: what a stranger (or a rotated key) would sign with. */
async function otherVapidKey(): Promise<VapidConfig> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
  ])) as CryptoKeyPair;
  const privateJwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const raw = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const { toBase64Url } = await import("../../../src/lib/base64url");
  return { publicKey: toBase64Url(raw), privateJwk, subject: "mailto:someone@example.com" };
}

describe("sendPush to a push service", () => {
  it("arrives, decrypted by the browser's keys, in Chinese", async () => {
    const subscription = await subscribe();
    expect(await sendPush(subscription, pushPayloadOf(notice, "zh-CN"), vapid, LOOPBACK)).toBe("sent");
    const { received, rejected } = await inbox(subscription);
    expect(rejected).toEqual([]);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.payload)).toEqual({
      title: "花呗 · 线上支付：支付失败（已确认）",
      body: "部分用户线上支付失败，我们已确认原因，正在修复。",
      url: "https://status.example.com/incidents/inc-1?lang=zh-CN",
      tag: "huabei:inc-1",
      level: "major",
    });
    expect(received[0]).toMatchObject({ ttl: DEFAULT_PUSH_TTL_SECONDS, urgency: "normal", topic: null });
  });

  it("arrives in English for an English subscriber, with the options given", async () => {
    const subscription = await subscribe();
    const options = { ...LOOPBACK, ttlSeconds: 600, urgency: "high" as const, topic: "inc-1" };
    expect(await sendPush(subscription, pushPayloadOf(notice, "en"), vapid, options)).toBe("sent");
    const [message] = (await inbox(subscription)).received;
    const payload = JSON.parse(message!.payload);
    expect(payload.title).toBe("Huabei · Online payment: payments failing (identified)");
    expect(payload.body).toBe("Some online payments fail. We know the cause and are fixing it.");
    expect(payload.url).toBe("https://status.example.com/incidents/inc-1?lang=en");
    expect(message).toMatchObject({ ttl: 600, urgency: "high", topic: "inc-1" });
  });

  it("signs a token for the endpoint's origin that expires within 24 hours", async () => {
    const subscription = await subscribe();
    const request = await pushRequest(subscription, pushPayloadOf(notice, "en"), vapid, LOOPBACK);
    const authorization = request.headers.get("authorization")!;
    expect(authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`));
    const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(authorization.split(".")[1]!)!));
    const now = Date.now() / 1000;
    expect(claims).toMatchObject({ aud: pushService, sub: "mailto:tests@example.com" });
    expect(claims.exp).toBeGreaterThan(now + 3600);
    expect(claims.exp).toBeLessThanOrEqual(now + 24 * 3600);
    expect(request.headers.get("content-encoding")).toBe("aes128gcm");
    expect(request.headers.get("ttl")).toBe(String(DEFAULT_PUSH_TTL_SECONDS));
  });

  it("is refused by the push service when signed with another key (the service's check can fail)", async () => {
    const subscription = await subscribe();
    const stranger = await otherVapidKey();
    // The stranger's token, presented with our public key: the signature does not verify.
    const forged = { ...stranger, publicKey: vapid.publicKey };
    const error = await sendPush(subscription, pushPayloadOf(notice, "en"), forged, LOOPBACK).catch((e) => e);
    expect(error).toBeInstanceOf(PushSendError);
    expect(error.status).toBe(401);
    // A valid token of another key than the subscription's applicationServerKey.
    await expect(sendPush(subscription, pushPayloadOf(notice, "en"), stranger, LOOPBACK)).rejects.toMatchObject({
      status: 403,
    });
    const { received, rejected } = await inbox(subscription);
    expect(received).toEqual([]);
    expect(rejected).toEqual([
      { status: 401, reason: "bad signature" },
      { status: 403, reason: "k is not the key this subscription was made with" },
    ]);
  });

  it("is refused when the body was changed on the way (the browser could not decrypt it)", async () => {
    const subscription = await subscribe();
    const request = await pushRequest(subscription, pushPayloadOf(notice, "en"), vapid, LOOPBACK);
    const body = new Uint8Array(await request.arrayBuffer());
    body[body.length - 1]! ^= 1;
    const response = await fetch(subscription.endpoint, { method: "POST", headers: request.headers, body });
    expect(response.status).toBe(400);
    const { received, rejected } = await inbox(subscription);
    expect(received).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/^cannot decrypt/);
  });

  it('is "gone" when the push service says 410 or 404: the caller deletes the subscription', async () => {
    const subscription = await subscribe();
    const payload = pushPayloadOf(notice, "zh-CN");
    const id = subscription.endpoint.split("/").pop();
    expect(await sendPush({ ...subscription, endpoint: `${pushService}/gone/${id}` }, payload, vapid, LOOPBACK)).toBe(
      "gone",
    );
    // The browser unsubscribed: the service answers 410 from then on.
    expect((await fetch(subscription.endpoint, { method: "DELETE" })).status).toBe(204);
    expect(await sendPush(subscription, payload, vapid, LOOPBACK)).toBe("gone");
    const unknown = { ...subscription, endpoint: `${pushService}/push/no-such-id` };
    expect(await sendPush(unknown, payload, vapid, LOOPBACK)).toBe("gone");
  });

  it("throws on any other failure, so the caller retries", async () => {
    const subscription = await subscribe();
    const payload = pushPayloadOf(notice, "zh-CN");
    for (const status of [500, 429, 413]) {
      const failing = { ...subscription, endpoint: `${pushService}/answer/${status}/x` };
      const error = await sendPush(failing, payload, vapid, LOOPBACK).catch((e) => e);
      expect(error).toBeInstanceOf(PushSendError);
      expect(error.status).toBe(status);
      // Contact data stays out of errors (they end up in logs and the console).
      expect(error.message).not.toContain(pushService);
    }
  });

  it("never sends to an endpoint the rules refuse; such a subscription is gone", async () => {
    const subscription = await subscribe();
    const payload = pushPayloadOf(notice, "zh-CN");
    // Loopback is for local development only: strict by default.
    await expect(pushRequest(subscription, payload, vapid)).rejects.toThrow(PushEndpointRefused);
    expect(await sendPush(subscription, payload, vapid)).toBe("gone");
    expect((await inbox(subscription)).received).toEqual([]);
  });

  it("refuses a bad TTL or topic before anything is sent", async () => {
    const subscription = await subscribe();
    const payload = pushPayloadOf(notice, "en");
    await expect(pushRequest(subscription, payload, vapid, { ...LOOPBACK, ttlSeconds: -1 })).rejects.toThrow(/TTL/);
    await expect(pushRequest(subscription, payload, vapid, { ...LOOPBACK, topic: "a topic!" })).rejects.toThrow(
      /topic/,
    );
  });
});

describe("pushPayloadOf", () => {
  it("cuts a long update to fit a notification, and tags by incident (else by notice)", () => {
    const long = { ...notice.text.en, body: "x".repeat(5000) };
    const payload = pushPayloadOf({ ...notice, text: { ...notice.text, en: long } }, "en");
    expect(Array.from(payload.body)).toHaveLength(400);
    expect(payload.body.endsWith("…")).toBe(true);
    const episode = pushPayloadOf({ ...notice, kind: "component", incidentId: null, key: "episode:7:open" }, "zh-CN");
    expect(episode.tag).toBe("huabei:episode:7:open");
  });
});
