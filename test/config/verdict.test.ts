import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/config/presets";
import { resolveService } from "../../src/config/registry";
import { type AlternativeInput, describeVerdict } from "../../src/config/verdict";
import { VERDICT_KINDS } from "../../src/domain/symptoms";

const huabei = PRESETS.huabei!.config;

const wechat: AlternativeInput = {
  service: "wechat-pay",
  name: { "zh-CN": "微信支付", en: "WeChat Pay" },
  status: "operational",
  recommended: true,
};
const unionpayDown: AlternativeInput = {
  service: "unionpay",
  name: { "zh-CN": "云闪付", en: "UnionPay QuickPass" },
  status: "major_outage",
  recommended: false,
};

describe("describeVerdict", () => {
  it("has a title and advice for every kind in both languages, with placeholders filled", () => {
    for (const config of Object.values(PRESETS).map((p) => p.config)) {
      for (const kind of VERDICT_KINDS) {
        for (const locale of ["zh-CN", "en"] as const) {
          const verdict = describeVerdict(kind, config, locale, { maintenanceUntil: Date.UTC(2026, 10, 26, 20) });
          expect(verdict.kind).toBe(kind);
          expect(verdict.title).not.toMatch(/\{\w+\}/);
          expect(verdict.advice.length).toBeGreaterThanOrEqual(3);
          for (const line of verdict.advice) expect(line).not.toMatch(/\{\w+\}/);
        }
      }
    }
  });

  it("recommends only alternatives that work, and lists every one with its status", () => {
    const outage = describeVerdict("outage", huabei, "zh-CN", { alternatives: [wechat, unionpayDown] });
    const advice = outage.advice.join("");
    expect(advice).toContain("微信支付");
    expect(advice).not.toContain("云闪付");
    expect(outage.alternatives).toEqual([
      { service: "wechat-pay", name: "微信支付", status: "operational", recommended: true },
      { service: "unionpay", name: "云闪付", status: "major_outage", recommended: false },
    ]);
    // With nothing known to work, the advice says so in general words instead of naming a broken one.
    const none = describeVerdict("outage", huabei, "en", { alternatives: [unionpayDown] });
    expect(none.advice.join(" ")).toContain("another way to pay");
    expect(none.advice.join(" ")).not.toContain("UnionPay");
    expect(describeVerdict("individual", huabei, "en").advice.join(" ")).toMatch(/credit report/);
  });

  it("tells when maintenance ends, in the page's time zone", () => {
    const verdict = describeVerdict("maintenance", huabei, "en", { maintenanceUntil: Date.UTC(2026, 10, 26, 20, 0) });
    // 20:00 UTC is 04:00 the next day in Asia/Shanghai.
    expect(verdict.advice.join(" ")).toContain("04:00");
  });

  it("uses the configured service name (another service is configuration)", () => {
    const config = resolveService("huabei", "huabei", [{ name: { "zh-CN": "白条", en: "Baitiao" } }]);
    expect(describeVerdict("outage", config, "en").title).toContain("Baitiao");
    expect(describeVerdict("outage", config, "zh-CN").title).toContain("白条");
  });
});
