import { describe, expect, it } from "vitest";
import { huabei } from "../../src/config/huabei";
import { serviceConfig } from "../../src/config/service";
import { describeVerdict } from "../../src/config/verdict";
import { SYMPTOMS, symptomClass, VERDICT_KINDS } from "../../src/domain/symptoms";
import { verdictKind } from "../../src/domain/verdict-kind";

const calm = { maintenance: false, outage: false, accountWave: false };

describe("verdictKind", () => {
  it("follows the precedence maintenance > outage > account_wave for every symptom", () => {
    for (const symptom of SYMPTOMS) {
      const cls = symptomClass(symptom);
      expect(verdictKind(cls, { maintenance: true, outage: true, accountWave: true })).toBe("maintenance");
      expect(verdictKind(cls, { maintenance: false, outage: true, accountWave: true })).toBe("outage");
      expect(verdictKind(cls, { ...calm, accountWave: true })).toBe("account_wave");
    }
  });

  it("without anything widespread, blames the account or merchant only for those symptoms", () => {
    expect(verdictKind("account", calm)).toBe("individual");
    expect(verdictKind("merchant", calm)).toBe("individual");
    expect(verdictKind("technical", calm)).toBe("unconfirmed");
    expect(verdictKind("other", calm)).toBe("unconfirmed");
  });
});

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

  it("ignores a broken SERVICE_CONFIG instead of failing", () => {
    expect(serviceConfig({ SERVICE_CONFIG: "{broken" }).name.en).toBe("Huabei");
  });
});
