import { describe, expect, it } from "vitest";
import { bearerToken, hashToken, newAgentToken } from "../../src/probes/token";

describe("agent tokens", () => {
  it("makes distinct tokens and hashes them", async () => {
    const a = newAgentToken();
    expect(a).toMatch(/^pa_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newAgentToken());
    expect(await hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(bearerToken(`Bearer ${a}`)).toBe(a);
    expect(bearerToken("Basic xyz")).toBeNull();
  });
});
