import { describe, expect, it } from "vitest";
import { networkOf } from "../../src/lib/network";

describe("networkOf", () => {
  it("takes an IPv4 address as its own network, also when mapped into IPv6", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("0:0:0:0:0:ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("takes the /64 of an IPv6 address, however it is written", () => {
    const network = networkOf("2001:db8:1:2:3:4:5:6");
    expect(network).toBe("2001:db8:1:2::/64");
    for (const written of ["2001:db8:1:2::1", "2001:0DB8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2:0::9"]) {
      expect(networkOf(written)).toBe(network);
    }
    expect(networkOf("2001:db8:1:3::1")).not.toBe(network);
    expect(networkOf("2001:db8::")).toBe("2001:db8:0:0::/64");
  });

  it("leaves what is not an address as its own network", () => {
    expect(networkOf("unknown")).toBe("unknown");
    expect(networkOf("1:2:3:4:5:6:7:8:9")).toBe("1:2:3:4:5:6:7:8:9");
    expect(networkOf("2001:db8::1::2")).toBe("2001:db8::1::2");
  });
});
