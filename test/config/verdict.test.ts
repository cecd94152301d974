import { describe, expect, it } from "vitest";
import { huabei } from "../../src/config/huabei";
import { serviceConfig } from "../../src/config/service";
import { describeVerdict } from "../../src/config/verdict";
import { VERDICT_KINDS } from "../../src/domain/symptoms";

describe("describeVerdict", () => {
  it("has a title and advice for every kind in both languages, with placeholders filled", () => {
    for (const kind of VERDICT_KINDS) {
      for (const locale of ["zh-CN", "en"] as const) {
        const verdict = describeVerdict(kind, huabei, locale, { maintenanceUntil: Date.UTC(2026, 10, 26, 20) });
        expect(verdict.kind).toBe(kind);
        expect(verdict.title).not.toMatch(/\{\w+\}/);
        expect(verdict.advice.length).toBeGreaterThanOrEqual(3);
        for (const line of verdict.advice) expect(line).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it("names alternatives in an outage and the credit report for account cases", () => {
    const outage = describeVerdict("outage", huabei, "zh-CN").advice.join("");
    expect(outage).toContain("微信支付");
    expect(outage).toContain("云闪付");
    expect(describeVerdict("individual", huabei, "en").advice.join(" ")).toMatch(/credit report/);
  });

  it("tells when maintenance ends, in the page's time zone", () => {
    const verdict = describeVerdict("maintenance", huabei, "en", { maintenanceUntil: Date.UTC(2026, 10, 26, 20, 0) });
    // 20:00 UTC is 04:00 the next day in Asia/Shanghai.
    expect(verdict.advice.join(" ")).toContain("04:00");
  });

  it("uses the configured service name (another service is configuration)", () => {
    const config = serviceConfig({ SERVICE_CONFIG: JSON.stringify({ name: { "zh-CN": "白条", en: "Baitiao" } }) });
    expect(describeVerdict("outage", config, "en").title).toContain("Baitiao");
    expect(describeVerdict("outage", config, "zh-CN").title).toContain("白条");
  });
});
