import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("the demo upstream", () => {
  it("answers 200 with its marker, or a chosen failure", async () => {
    const ok = await exports.default.fetch("http://example.com/demo/upstream");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("paystatus demo upstream: ok");
    expect((await exports.default.fetch("http://example.com/demo/upstream?status=503")).status).toBe(503);
  });
});
