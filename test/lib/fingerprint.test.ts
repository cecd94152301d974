import { describe, expect, it } from "vitest";
import { fingerprint } from "../../src/lib/fingerprint";

describe("fingerprint", () => {
  const day = Date.UTC(2026, 10, 26, 10);
  it("is stable within a UTC day and never contains the IP", async () => {
    const a = await fingerprint("secret", "203.0.113.9", "UA", day);
    const b = await fingerprint("secret", "203.0.113.9", "UA", day + 3_600_000);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toContain("203");
  });
  it("rotates daily and depends on the secret, the IP and the User-Agent", async () => {
    const base = await fingerprint("secret", "203.0.113.9", "UA", day);
    expect(await fingerprint("secret", "203.0.113.9", "UA", day + 86_400_000)).not.toBe(base);
    expect(await fingerprint("other", "203.0.113.9", "UA", day)).not.toBe(base);
    expect(await fingerprint("secret", "203.0.113.10", "UA", day)).not.toBe(base);
    expect(await fingerprint("secret", "203.0.113.9", "UA2", day)).not.toBe(base);
  });
});
