import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../../src/lib/base64url";
import { pushSubscriptionSchema, pushSubscriptionSchemaFor } from "../../../src/notify/push/subscription";

const point = new Uint8Array(65).fill(7);
point[0] = 4;
const good = {
  endpoint: "https://fcm.googleapis.com/fcm/send/abc:APA91b",
  expirationTime: null,
  keys: { p256dh: toBase64Url(point), auth: toBase64Url(new Uint8Array(16).fill(9)) },
};

/** The issue paths and messages a subscription is refused with, or [] when it is taken. */
function problems(input: unknown, schema = pushSubscriptionSchema): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("pushSubscriptionSchema", () => {
  it("takes what browsers send (toJSON of a PushSubscription)", () => {
    expect(problems(good)).toEqual([]);
    expect(problems({ endpoint: "https://web.push.apple.com/QGuQyavXutnMH6Ig2uYOJDwA", keys: good.keys })).toEqual([]);
    // Padded base64url, as some libraries write it.
    expect(problems({ ...good, keys: { ...good.keys, auth: `${good.keys.auth}==` } })).toEqual([]);
  });

  it("refuses endpoints the webhook rules refuse", () => {
    for (const endpoint of [
      "http://fcm.googleapis.com/fcm/send/abc",
      "https://127.0.0.1/push",
      "https://[::1]/push",
      "https://localhost/push",
      "https://metadata.google.internal/",
      "https://intranet/push",
      "not a url",
    ]) {
      expect(problems({ ...good, endpoint }), endpoint).toEqual([expect.stringMatching(/^endpoint: /)]);
    }
  });

  it("takes http to loopback only under a policy that allows it (local development, tests)", () => {
    const local = { ...good, endpoint: "http://127.0.0.1:9999/push/1" };
    expect(problems(local)).toHaveLength(1);
    const lenient = pushSubscriptionSchemaFor({ allowHttpLocalhost: true });
    expect(problems(local, lenient)).toEqual([]);
    expect(problems({ ...good, endpoint: "http://localhost:9999/push/1" }, lenient)).toEqual([]);
    expect(problems({ ...good, endpoint: "http://10.0.0.1/push/1" }, lenient)).toHaveLength(1);
  });

  it("refuses keys no message could be encrypted to", () => {
    const compressed = new Uint8Array(65).fill(7);
    compressed[0] = 2;
    const cases: [string, Record<string, string>][] = [
      ["keys.p256dh", { ...good.keys, p256dh: toBase64Url(compressed) }],
      ["keys.p256dh", { ...good.keys, p256dh: toBase64Url(point.slice(0, 33)) }],
      ["keys.p256dh", { ...good.keys, p256dh: "not base64url!" }],
      ["keys.auth", { ...good.keys, auth: toBase64Url(new Uint8Array(32)) }],
      ["keys.auth", { ...good.keys, auth: "" }],
    ];
    for (const [path, keys] of cases) {
      expect(problems({ ...good, keys }), JSON.stringify(keys)).toEqual([
        expect.stringMatching(new RegExp(`^${path}: `)),
      ]);
    }
    expect(problems({ endpoint: good.endpoint })).toEqual(["keys: Invalid input: expected object, received undefined"]);
  });
});
