import { describe, expect, it } from "vitest";
import { clientIp, keyedHash, utcDay } from "../../src/lib/fingerprint";

describe("keyedHash", () => {
  it("is 128 bits of hex, stable for one key and text, and never contains the text", async () => {
    const a = await keyedHash("secret", "203.0.113.9|UA");
    expect(await keyedHash("secret", "203.0.113.9|UA")).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toContain("203");
  });

  it("depends on the key and on every character of the text", async () => {
    const base = await keyedHash("secret", "203.0.113.9|UA");
    expect(await keyedHash("other", "203.0.113.9|UA")).not.toBe(base);
    expect(await keyedHash("secret", "203.0.113.9|UB")).not.toBe(base);
    expect(await keyedHash("secret", "203.0.113.90|UA")).not.toBe(base);
  });
});

describe("utcDay", () => {
  it("is the UTC calendar day, whatever the hour", () => {
    expect(utcDay(Date.UTC(2026, 10, 26, 0, 0))).toBe("2026-11-26");
    expect(utcDay(Date.UTC(2026, 10, 26, 23, 59, 59, 999))).toBe("2026-11-26");
    expect(utcDay(Date.UTC(2026, 10, 27))).toBe("2026-11-27");
  });
});

describe("clientIp", () => {
  it("trusts only CF-Connecting-IP, never the spoofable forwarding headers", () => {
    expect(clientIp(new Headers({ "cf-connecting-ip": "198.51.100.1", "x-forwarded-for": "10.0.0.1" }))).toBe(
      "198.51.100.1",
    );
    expect(clientIp(new Headers({ "x-forwarded-for": "10.0.0.1", "x-real-ip": "10.0.0.2" }))).toBe("unknown");
  });
});
