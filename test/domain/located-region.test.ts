import { describe, expect, it } from "vitest";
import { locatedRegion } from "../../src/domain/located-region";

describe("locatedRegion (request.cf → our province codes)", () => {
  it.each([
    [{ country: "CN", regionCode: "GD", region: "Guangdong" }, "GD"],
    [{ country: "CN", regionCode: "44" }, "GD"],
    [{ country: "CN", regionCode: "33", region: "Zhejiang" }, "ZJ"],
    [{ country: "CN", regionCode: "CN-BJ" }, "BJ"],
    [{ country: "CN", region: "Inner Mongolia" }, "NM"],
    [{ country: "CN", region: "Tibet" }, "XZ"],
    [{ country: "HK" }, "HK"],
    [{ country: "MO", regionCode: "M" }, "MO"],
    [{ country: "TW", regionCode: "TPE" }, "TW"],
  ] as const)("maps %o to %s", (cf, region) => {
    expect(locatedRegion(cf)).toBe(region);
  });

  it.each([
    [{ country: "US", regionCode: "TX", region: "Texas" }],
    [{ country: "CN" }],
    [{ country: "CN", regionCode: "99", region: "Nowhere" }],
    [{}],
  ])("knows no province for %o", (cf) => {
    expect(locatedRegion(cf)).toBeNull();
  });
});
