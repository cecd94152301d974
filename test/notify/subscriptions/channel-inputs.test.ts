import { describe, expect, it } from "vitest";
import { CHANNELS } from "../../../src/domain/subscriptions";
import { CHANNEL_INPUTS, checkContact, normalizeEmail } from "../../../src/notify/channel-inputs";

// The contact fields of a sign-up, per channel: what is accepted, how it is stored, and which field is at fault.

describe("normalizeEmail", () => {
  it("keeps the local part as written and lower-cases the domain (in ASCII)", () => {
    expect(normalizeEmail("  Zhang.San+status@QQ.Com ")).toBe("Zhang.San+status@qq.com");
    expect(normalizeEmail("a@例子.中国")).toBe("a@xn--fsqu00a.xn--fiqs8s");
    expect(normalizeEmail("o'brien@mail.example.co.uk")).toBe("o'brien@mail.example.co.uk");
    expect(normalizeEmail("张三@163.com")).toBe("张三@163.com");
  });

  it("refuses what cannot be sent to", () => {
    for (const bad of [
      "",
      "plain",
      "@example.com",
      "a@",
      "a@localhost",
      "a@127.0.0.1",
      "a@[127.0.0.1]",
      "a b@example.com",
      "a..b@example.com",
      ".a@example.com",
      "a.@example.com",
      '"quoted"@example.com',
      "a@-example.com",
      "a@example..com",
      "a@example.com/x",
      "a@example.com?x",
      "a@exa mple.com",
      "a@b@example.com",
      "a<b>@example.com",
      "a@example.123",
      `${"x".repeat(65)}@example.com`,
      `a@${"b".repeat(64)}.com`,
      `${"x".repeat(60)}@${`${"d".repeat(60)}.`.repeat(4)}com`,
    ]) {
      expect(normalizeEmail(bad), bad).toBeNull();
    }
  });

  it("takes a local part of exactly 64 octets and an address of 254", () => {
    expect(normalizeEmail(`${"x".repeat(64)}@example.com`)).not.toBeNull();
    const domain = `${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(57)}.com`;
    const address = `${"x".repeat(254 - domain.length - 1)}@${domain}`;
    expect(address).toHaveLength(254);
    expect(normalizeEmail(address)).toBe(address);
    expect(normalizeEmail(`x${address}`)).toBeNull();
  });
});

describe("checkContact", () => {
  it("has an entry for every channel", () => {
    expect(Object.keys(CHANNEL_INPUTS).sort()).toEqual([...CHANNELS].sort());
  });

  it("e-mail: stores the normalized address; a bad one names `address`", () => {
    expect(checkContact("email", { address: "Me@Example.COM" })).toEqual({
      ok: true,
      value: { address: "Me@example.com", keys: null },
    });
    expect(checkContact("email", { address: "nope" })).toMatchObject({ ok: false, field: "address" });
    expect(checkContact("email", {})).toMatchObject({ ok: false, field: "address" });
  });

  it("refuses a field the channel does not take, by name", () => {
    const push = { endpoint: "https://push.example.net/x", keys: { p256dh: "BPk", auth: "au" } };
    expect(checkContact("email", { address: "a@example.com", push })).toMatchObject({ ok: false, field: "push" });
    expect(checkContact("push", { push, address: "a@example.com" })).toMatchObject({ ok: false, field: "address" });
    expect(checkContact("slack", { address: "https://hooks.slack.com/services/T/B/x", secret: "s" })).toMatchObject({
      ok: false,
      field: "secret",
    });
    expect(checkContact("email", { address: "a@example.com", secret: "s" })).toMatchObject({
      ok: false,
      field: "secret",
    });
  });

  it("push: the endpoint is the address and the keys are kept; a bad field is named", () => {
    // A P-256 point (65 bytes, 0x04 first) and a 16-byte secret, as browsers give them (RFC 8291).
    const keys = {
      p256dh: "BAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
      auth: "CQkJCQkJCQkJCQkJCQkJCQ",
    };
    const push = { endpoint: "https://fcm.googleapis.com/fcm/send/abc", keys };
    expect(checkContact("push", { push })).toEqual({ ok: true, value: { address: push.endpoint, keys } });
    expect(checkContact("push", { push: { ...push, endpoint: "http://fcm.googleapis.com/x" } })).toMatchObject({
      ok: false,
      field: "push.endpoint",
    });
    expect(checkContact("push", { push: { ...push, keys: { ...keys, auth: "a b" } } })).toMatchObject({
      ok: false,
      field: "push.keys.auth",
    });
    expect(checkContact("push", {})).toMatchObject({ ok: false, field: "push" });
  });

  it("chat robots: a public https URL, and a signing secret where the platform signs", () => {
    expect(
      checkContact("dingtalk", {
        address: "https://oapi.dingtalk.com/robot/send?access_token=abc12345",
        secret: "SEC0123456789abcdef0123",
      }),
    ).toEqual({
      ok: true,
      value: {
        address: "https://oapi.dingtalk.com/robot/send?access_token=abc12345",
        keys: { secret: "SEC0123456789abcdef0123" },
      },
    });
    expect(
      checkContact("wecom", { address: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx" }),
    ).toMatchObject({
      ok: true,
      value: { keys: null },
    });
    for (const bad of ["http://qyapi.weixin.qq.com/x", "https://127.0.0.1/x", "https://intranet/x", "not a url"]) {
      expect(checkContact("wecom", { address: bad }), bad).toMatchObject({ ok: false, field: "address" });
    }
    expect(checkContact("feishu", {})).toMatchObject({ ok: false, field: "address" });
  });
});
