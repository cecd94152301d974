import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../../src/lib/base64url";
import { vapidConfigOf, vapidPublicKeyOf } from "../../../src/notify/push/vapid";

const configured = {
  VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY,
  VAPID_PRIVATE_KEY: env.VAPID_PRIVATE_KEY,
  VAPID_SUBJECT: env.VAPID_SUBJECT,
};

/** A fresh pair as the JWK that `npx @pushforge/builder vapid` prints, and its public key. */
async function jwkPair() {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
  ])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  const raw = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  return { jwk: JSON.stringify({ alg: "ES256", ...jwk }), publicKey: toBase64Url(raw) };
}

describe("vapidConfigOf", () => {
  it("is null when Web Push is not configured", () => {
    expect(vapidConfigOf({})).toBeNull();
    expect(vapidConfigOf({ VAPID_PUBLIC_KEY: "", VAPID_PRIVATE_KEY: " ", VAPID_SUBJECT: "" })).toBeNull();
    expect(vapidPublicKeyOf({})).toBeNull();
  });

  it("reads the test pair: a JWK whose x and y are the public key's", () => {
    const vapid = vapidConfigOf(configured)!;
    expect(vapid.publicKey).toBe(env.VAPID_PUBLIC_KEY);
    const point = fromBase64Url(vapid.publicKey)!;
    expect(vapid.privateJwk).toEqual({
      kty: "EC",
      crv: "P-256",
      x: toBase64Url(point.slice(1, 33)),
      y: toBase64Url(point.slice(33)),
      d: env.VAPID_PRIVATE_KEY,
    });
    expect(vapidPublicKeyOf(configured)).toBe(env.VAPID_PUBLIC_KEY);
  });

  it("takes the private key as a JWK too, and only the one of VAPID_PUBLIC_KEY", async () => {
    const { jwk, publicKey } = await jwkPair();
    const fromJwk = vapidConfigOf({ ...configured, VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: jwk })!;
    expect(fromJwk.privateJwk.d).toBe(JSON.parse(jwk).d);
    expect(() => vapidConfigOf({ ...configured, VAPID_PRIVATE_KEY: jwk })).toThrow(
      "VAPID_PRIVATE_KEY belongs to another public key than VAPID_PUBLIC_KEY",
    );
  });

  it("throws, naming the variable, when the configuration is incomplete or malformed", () => {
    expect(() => vapidConfigOf({ ...configured, VAPID_SUBJECT: undefined })).toThrow("VAPID_SUBJECT is not set");
    expect(() => vapidConfigOf({ ...configured, VAPID_SUBJECT: "ops@example.com" })).toThrow(/^VAPID_SUBJECT must be/);
    expect(() => vapidConfigOf({ ...configured, VAPID_PUBLIC_KEY: configured.VAPID_PRIVATE_KEY })).toThrow(
      /^VAPID_PUBLIC_KEY must be an uncompressed P-256 public key/,
    );
    expect(() => vapidConfigOf({ ...configured, VAPID_PRIVATE_KEY: "{}" })).toThrow(/^VAPID_PRIVATE_KEY must be/);
    // The page's button hides itself instead of breaking the page.
    expect(vapidPublicKeyOf({ ...configured, VAPID_SUBJECT: undefined })).toBeNull();
  });
});
