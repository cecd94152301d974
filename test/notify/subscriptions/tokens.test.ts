import { describe, expect, it } from "vitest";
import { DomainError } from "../../../src/domain/errors";
import { CONFIRM_TTL_MS } from "../../../src/domain/subscriptions";
import { fromBase64Url, toBase64Url } from "../../../src/lib/base64";
import { keyedHash } from "../../../src/lib/fingerprint";
import { confirmUrl, manageUrl, serviceBaseUrl, subscriberLinks, unsubscribeUrl } from "../../../src/notify/links";
import {
  confirmLinkExpiresAt,
  confirmToken,
  linkSecret,
  manageToken,
  readConfirmToken,
  verifyManageToken,
} from "../../../src/notify/tokens";

// Link tokens: HMAC-SHA256 under a key derived from FINGERPRINT_SECRET for links only, stored nowhere.

const SECRET = "test-fingerprint-secret";
const subscriber = { id: "sub123456789abcd", confirmationSentAt: 1_760_000_000_000 };

/** HMAC-SHA256(key, text) with the raw secret as the key: what a token must never be. */
async function hmacWithRawSecret(text: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(text)));
}

describe("base64url", () => {
  it("round-trips without padding and refuses other alphabets", () => {
    for (const length of [0, 1, 2, 3, 31, 32, 40]) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url("ab+c")).toBeNull();
    expect(fromBase64Url("abc=")).toBeNull();
    expect(fromBase64Url("a")).toBeNull();
  });
});

describe("confirm tokens", () => {
  it("verify for the id and the confirmation they were made for, and say when it was sent", async () => {
    const token = await confirmToken(SECRET, subscriber);
    expect(token).toMatch(/^[A-Za-z0-9_-]{50,60}$/);
    expect(await readConfirmToken(SECRET, subscriber.id, token)).toBe(subscriber.confirmationSentAt);
    expect(confirmLinkExpiresAt(subscriber.confirmationSentAt)).toBe(subscriber.confirmationSentAt + CONFIRM_TTL_MS);
  });

  it("fail for another id, another secret, a changed byte, a changed time, or a manage token", async () => {
    const token = await confirmToken(SECRET, subscriber);
    expect(await readConfirmToken(SECRET, "sub-other", token)).toBeNull();
    expect(await readConfirmToken("another-secret", subscriber.id, token)).toBeNull();
    const bytes = fromBase64Url(token)!;
    for (const index of [0, 7, 8, bytes.length - 1]) {
      const changed = bytes.slice();
      changed[index]! ^= 1;
      expect(await readConfirmToken(SECRET, subscriber.id, toBase64Url(changed))).toBeNull();
    }
    expect(await readConfirmToken(SECRET, subscriber.id, bytes.length ? token.slice(0, -2) : "")).toBeNull();
    expect(await readConfirmToken(SECRET, subscriber.id, await manageToken(SECRET, subscriber.id))).toBeNull();
    expect(await readConfirmToken(SECRET, subscriber.id, "not a token")).toBeNull();
  });

  it("change when a new confirmation is sent, so each link names its own sending", async () => {
    const older = await confirmToken(SECRET, subscriber);
    const newer = await confirmToken(SECRET, { ...subscriber, confirmationSentAt: subscriber.confirmationSentAt + 1 });
    expect(newer).not.toBe(older);
    expect(await readConfirmToken(SECRET, subscriber.id, older)).toBe(subscriber.confirmationSentAt);
    expect(await readConfirmToken(SECRET, subscriber.id, newer)).toBe(subscriber.confirmationSentAt + 1);
  });
});

describe("manage tokens", () => {
  it("verify for their id only, and are not a confirm token", async () => {
    const token = await manageToken(SECRET, subscriber.id);
    expect(await verifyManageToken(SECRET, subscriber.id, token)).toBe(true);
    expect(await verifyManageToken(SECRET, "sub-other", token)).toBe(false);
    expect(await verifyManageToken("another-secret", subscriber.id, token)).toBe(false);
    expect(await verifyManageToken(SECRET, subscriber.id, await confirmToken(SECRET, subscriber))).toBe(false);
    expect(await verifyManageToken(SECRET, subscriber.id, `${token}A`)).toBe(false);
    expect(await verifyManageToken(SECRET, subscriber.id, "")).toBe(false);
  });

  it("are keyed by a key of their own: not the secret itself, nor the reporter hashes' HMAC", async () => {
    const token = fromBase64Url(await manageToken(SECRET, subscriber.id))!;
    expect(token).not.toEqual(await hmacWithRawSecret(`manage\n${subscriber.id}\n`));
    const reporterStyle = await keyedHash(SECRET, `manage\n${subscriber.id}\n`);
    expect(Buffer.from(token.slice(0, 16)).toString("hex")).not.toBe(reporterStyle);
  });
});

describe("linkSecret", () => {
  it("refuses (unavailable) without FINGERPRINT_SECRET", () => {
    expect(linkSecret({ FINGERPRINT_SECRET: "x" })).toBe("x");
    const error = (() => {
      try {
        linkSecret({});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("unavailable");
  });
});

describe("links for the channels", () => {
  it("build the confirm, manage and unsubscribe URLs of a service's public root", async () => {
    expect(serviceBaseUrl("https://status.example/", "huabei", "huabei")).toBe("https://status.example");
    expect(serviceBaseUrl("https://status.example", "wechat-pay", "huabei")).toBe(
      "https://status.example/s/wechat-pay",
    );
    const base = "https://status.example/s/wechat-pay";
    expect(manageUrl(base, "abc", "t_-1")).toBe(
      "https://status.example/s/wechat-pay/subscriptions/manage?id=abc&token=t_-1",
    );
    expect(unsubscribeUrl(base, "abc", "tok", "en")).toBe(
      "https://status.example/s/wechat-pay/subscriptions/unsubscribe?id=abc&token=tok&lang=en",
    );
    expect(confirmUrl(`${base}/`, "abc", "tok")).toBe(
      "https://status.example/s/wechat-pay/subscriptions/confirm?id=abc&token=tok",
    );
    const links = await subscriberLinks(SECRET, base, { id: subscriber.id, locale: "en" });
    const manage = new URL(links.manageUrl);
    expect(await verifyManageToken(SECRET, subscriber.id, manage.searchParams.get("token")!)).toBe(true);
    expect(manage.searchParams.get("lang")).toBe("en");
    expect(new URL(links.unsubscribeUrl).pathname).toBe("/s/wechat-pay/subscriptions/unsubscribe");
  });
});
