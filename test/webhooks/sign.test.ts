import { describe, expect, it } from "vitest";
import { sign } from "../../src/webhooks/sign";

describe("signing", () => {
  it("X-Signature is sha256=<hex HMAC-SHA256 of the body>", async () => {
    expect(await sign("key", "The quick brown fox jumps over the lazy dog")).toBe(
      "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    );
  });
});
