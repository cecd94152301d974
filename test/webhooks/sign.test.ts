import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fromBase64 } from "../../src/lib/base64";
import { newWebhookSecret } from "../../src/lib/id";
import { receiverSecret, sign, signatureHeaders, signingKey } from "../../src/webhooks/sign";

// The example of the Standard Webhooks reference libraries' tests.
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

// A secret as webhooks created before Standard Webhooks hold it: 64 hex characters.
const LEGACY = "3f8a2c1d9e7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877";

afterEach(() => vi.restoreAllMocks());

/** Verifies as a receiver would, with the clock at `atMs`. */
function verifyAt(atMs: number, secret: string, body: string, headers: Record<string, string>) {
  vi.spyOn(Date, "now").mockReturnValue(atMs);
  return new Webhook(secret).verify(body, headers);
}

describe("sign", () => {
  it("matches the specification's example", async () => {
    expect(await sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
    expect(new Webhook(SPEC.secret).sign(SPEC.id, new Date(SPEC.timestamp * 1000), SPEC.body)).toBe(SPEC.signature);
  });

  it("signs the id and the timestamp as well as the body", async () => {
    const base = await sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body);
    expect(await sign(SPEC.secret, "msg_other", SPEC.timestamp, SPEC.body)).not.toBe(base);
    expect(await sign(SPEC.secret, SPEC.id, SPEC.timestamp + 1, SPEC.body)).not.toBe(base);
    expect(await sign(SPEC.secret, SPEC.id, SPEC.timestamp, `${SPEC.body} `)).not.toBe(base);
  });

  it("gives the three headers of an attempt, the timestamp in whole seconds", async () => {
    const headers = await signatureHeaders(SPEC.secret, SPEC.id, SPEC.timestamp * 1000 + 999, SPEC.body);
    expect(headers).toEqual({
      "webhook-id": SPEC.id,
      "webhook-timestamp": String(SPEC.timestamp),
      "webhook-signature": SPEC.signature,
    });
  });
});

describe("what a receiver checks with the standardwebhooks package", () => {
  const id = "delivery0000001";
  const body = JSON.stringify({ event: "incident.created", page: { id: "huabei" } });
  const sentAt = Date.UTC(2026, 5, 1, 12, 0, 0);

  it("accepts a delivery within 5 minutes and returns its payload", async () => {
    const headers = await signatureHeaders(SPEC.secret, id, sentAt, body);
    expect(verifyAt(sentAt, SPEC.secret, body, headers)).toEqual(JSON.parse(body));
    expect(verifyAt(sentAt + 300_000, SPEC.secret, body, headers)).toEqual(JSON.parse(body));
  });

  it("rejects a replay with a stale timestamp, a refreshed timestamp, a modified body, another id or key", async () => {
    const headers = await signatureHeaders(SPEC.secret, id, sentAt, body);
    // The same capture sent again more than 5 minutes later.
    expect(() => verifyAt(sentAt + 301_000, SPEC.secret, body, headers)).toThrow(/too old/);
    // Moving the timestamp forward breaks the signature.
    const later = sentAt + 600_000;
    expect(() =>
      verifyAt(later, SPEC.secret, body, { ...headers, "webhook-timestamp": String(Math.floor(later / 1000)) }),
    ).toThrow(/No matching signature/);
    expect(() => verifyAt(sentAt, SPEC.secret, body.replace("huabei", "other"), headers)).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyAt(sentAt, SPEC.secret, body, { ...headers, "webhook-id": "delivery0000002" })).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyAt(sentAt, newWebhookSecret(), body, headers)).toThrow(WebhookVerificationError);
  });
});

describe("secrets", () => {
  it("new secrets are whsec_ and the base64 of 32 random bytes", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(fromBase64(a.slice("whsec_".length))).toHaveLength(32);
    expect(signingKey(a)).toEqual(fromBase64(a.slice("whsec_".length)));
    expect(receiverSecret(a)).toBe(a);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("a legacy hex secret keeps its UTF-8 bytes as the key, which receivers pass as whsec_ or raw", async () => {
    expect(signingKey(LEGACY)).toEqual(new TextEncoder().encode(LEGACY));
    const shown = receiverSecret(LEGACY);
    expect(shown).toBe(`whsec_${btoa(LEGACY)}`);
    const sentAt = Date.UTC(2026, 5, 1);
    const headers = await signatureHeaders(LEGACY, "delivery-legacy", sentAt, "{}");
    expect(verifyAt(sentAt, shown, "{}", headers)).toEqual({});
    expect(new Webhook(LEGACY, { format: "raw" }).verify("{}", headers)).toEqual({});
    // Handing the hex string to the library as if it were base64 is the one way to get it wrong.
    expect(() => new Webhook(LEGACY).verify("{}", headers)).toThrow(WebhookVerificationError);
  });
});
