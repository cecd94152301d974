import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../../src/lib/base64url";
import { encryptPushMessage, MAX_PLAINTEXT_BYTES } from "../../../src/notify/push/encrypt";

// RFC 8291 Appendix A: the worked example, every input fixed.
const RFC = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  auth: "BTBZMqHH6r4Tts7J_aSIgg",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  message:
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml" +
    "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT" +
    "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

async function rfcSenderKeys(): Promise<CryptoKeyPair> {
  const point = fromBase64Url(RFC.asPublic)!;
  const jwk = {
    kty: "EC",
    crv: "P-256",
    x: toBase64Url(point.slice(1, 33)),
    y: toBase64Url(point.slice(33)),
  };
  const algorithm = { name: "ECDH", namedCurve: "P-256" };
  return {
    publicKey: await crypto.subtle.importKey("jwk", jwk, algorithm, true, []),
    privateKey: await crypto.subtle.importKey("jwk", { ...jwk, d: RFC.asPrivate }, algorithm, true, ["deriveBits"]),
  };
}

const keys = { p256dh: RFC.uaPublic, auth: RFC.auth };

describe("aes128gcm (RFC 8291)", () => {
  it("gives the RFC's example message byte for byte", async () => {
    const body = await encryptPushMessage(new TextEncoder().encode(RFC.plaintext), keys, {
      salt: fromBase64Url(RFC.salt)!,
      senderKeys: await rfcSenderKeys(),
    });
    expect(toBase64Url(body)).toBe(RFC.message);
  });

  it("takes a fresh salt and key for every message", async () => {
    const plaintext = new TextEncoder().encode(RFC.plaintext);
    const [one, two] = [await encryptPushMessage(plaintext, keys), await encryptPushMessage(plaintext, keys)];
    expect(one.length).toBe(fromBase64Url(RFC.message)!.length);
    expect(toBase64Url(one.slice(0, 16))).not.toBe(toBase64Url(two.slice(0, 16)));
    expect(toBase64Url(one.slice(21, 86))).not.toBe(toBase64Url(two.slice(21, 86)));
  });

  it("keeps the whole body within the 4096 bytes every push service takes, and refuses more", async () => {
    const body = await encryptPushMessage(new Uint8Array(MAX_PLAINTEXT_BYTES), keys);
    expect(body.length).toBe(4096);
    await expect(encryptPushMessage(new Uint8Array(MAX_PLAINTEXT_BYTES + 1), keys)).rejects.toThrow(RangeError);
  });

  it("refuses keys that are not the RFC's form", async () => {
    const plaintext = new Uint8Array(1);
    const compressed = toBase64Url(new Uint8Array(33).fill(2));
    await expect(encryptPushMessage(plaintext, { p256dh: compressed, auth: RFC.auth })).rejects.toThrow(/p256dh/);
    await expect(encryptPushMessage(plaintext, { p256dh: RFC.uaPublic, auth: "AAAA" })).rejects.toThrow(/auth/);
  });
});
