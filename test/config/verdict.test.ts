import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/config/presets";
import { resolveService } from "../../src/config/registry";
import type { ServiceConfig } from "../../src/config/types";
import { type AlternativeInput, describeVerdict, type Verdict } from "../../src/config/verdict";
import type { PersonalRelation } from "../../src/domain/personal";
import { OTHER_METHODS, VERDICT_KINDS } from "../../src/domain/symptoms";
import { type ComponentSituation, verdictKind } from "../../src/domain/verdict-kind";
import type { Locale } from "../../src/i18n/locale";

const huabei = PRESETS.huabei!.config;
const LOCALES: Locale[] = ["zh-CN", "en"];

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

const SITUATIONS: Record<string, ComponentSituation> = {
  none: { maintenance: false, outage: false, accountWave: false },
  maintenance: { maintenance: true, outage: false, accountWave: false },
  outage: { maintenance: false, outage: true, accountWave: false },
  account_wave: { maintenance: false, outage: false, accountWave: true },
  merchant_restriction: { maintenance: false, outage: false, accountWave: false, merchantRestriction: true },
};

/** What each symptom class is, read against each open situation (the table the personal part follows). */
const EXPECTED_RELATION: Record<string, Record<string, PersonalRelation>> = {
  // A merchant restriction concerns merchant symptoms only: the others keep their own verdict (individual or
  // unconfirmed), since the status page says nothing about them, so their reading is their own ("own").
  technical: { maintenance: "explained", outage: "explained", account_wave: "unrelated", merchant_restriction: "own" },
  account: { maintenance: "unrelated", outage: "unrelated", account_wave: "explained", merchant_restriction: "own" },
  merchant: {
    maintenance: "unrelated",
    outage: "unrelated",
    account_wave: "unrelated",
    merchant_restriction: "explained",
  },
  other: { maintenance: "possibly", outage: "possibly", account_wave: "possibly", merchant_restriction: "own" },
};

const fill = (config: ServiceConfig, locale: Locale, line: string) => line.replaceAll("{service}", config.name[locale]);

function tell(
  config: ServiceConfig,
  locale: Locale,
  kind: Verdict["kind"],
  symptom: string,
  options: { otherMethodsWork?: string; componentId?: string; maintenanceUntil?: number | null } = {},
): Verdict {
  return describeVerdict(config, locale, {
    kind,
    symptom,
    otherMethodsWork: options.otherMethodsWork ?? "unknown",
    componentId: options.componentId ?? "some-component",
    maintenanceUntil: options.maintenanceUntil ?? null,
    alternatives: [wechat, unionpayDown],
  });
}

describe("the verdict matrix: every symptom × situation × other ways to pay, in every preset", () => {
  for (const preset of Object.values(PRESETS)) {
    const config = preset.config;
    it(`${config.id}: a situation part, a personal part, and no advice of another symptom`, () => {
      for (const locale of LOCALES) {
        const scam = locale === "zh-CN" ? "诈骗" : "scam";
        for (const symptom of config.symptoms) {
          const ownLines = new Set((symptom.advice?.[locale] ?? []).map((line) => fill(config, locale, line)));
          const othersLines = config.symptoms
            .filter((other) => other.code !== symptom.code)
            .flatMap((other) => (other.advice?.[locale] ?? []).map((line) => fill(config, locale, line)))
            .filter((line) => !ownLines.has(line));
          for (const [name, situation] of Object.entries(SITUATIONS)) {
            const kind = verdictKind(symptom.class, situation);
            for (const otherMethodsWork of OTHER_METHODS) {
              const where = `${config.id} ${locale} ${symptom.code} ${name} other=${otherMethodsWork}`;
              const verdict = tell(config, locale, kind, symptom.code, { otherMethodsWork });

              // The situation part: the kind's own texts, first in the advice.
              expect(verdict.kind, where).toBe(kind);
              expect(verdict.situation.title, where).toBe(fill(config, locale, config.advice[kind].title[locale]));
              expect(verdict.advice.slice(0, verdict.situation.advice.length), where).toEqual(verdict.situation.advice);

              // The personal part: this symptom read against this situation.
              const expected = name === "none" ? "own" : EXPECTED_RELATION[symptom.class]![name]!;
              expect(verdict.personal.relation, where).toBe(expected);
              expect(verdict.personal.symptom, where).toBe(symptom.code);
              expect(verdict.personal.reading.length, where).toBeGreaterThan(5);
              if (expected === "unrelated" || expected === "explained") {
                expect(verdict.personal.reading, where).toContain(fill(config, locale, symptom.label[locale]));
              }
              if (expected === "own" && symptom.meaning) {
                expect(verdict.personal.reading, where).toContain(fill(config, locale, symptom.meaning[locale]));
              }
              expect(verdict.personal.nothingElseWorks, where).toBe(otherMethodsWork === "no");
              const deviceAdvice = config.nothingWorks[locale];
              for (const line of deviceAdvice) {
                expect(verdict.personal.advice.includes(line), where).toBe(otherMethodsWork === "no");
              }
              // Personal advice follows the situation's and comes before the alternatives line.
              expect(
                verdict.advice.slice(
                  verdict.situation.advice.length,
                  verdict.situation.advice.length + verdict.personal.advice.length,
                ),
                where,
              ).toEqual(verdict.personal.advice);
              expect(verdict.advice.length, where).toBe(
                verdict.situation.advice.length + verdict.personal.advice.length + 1,
              );

              // Account symptoms always hear about scams and official support; the others do not get account lines.
              const accountLines = config.accountAdvice[locale];
              if (symptom.class === "account") {
                expect(verdict.personal.advice.join(" "), where).toContain(scam);
                for (const line of accountLines.filter((l) => !l.includes("{"))) {
                  expect(verdict.personal.advice, where).toContain(line);
                }
              } else {
                for (const line of accountLines.filter((l) => !l.includes("{"))) {
                  expect(verdict.personal.advice, where).not.toContain(line);
                }
              }

              // No line meant for another symptom.
              for (const line of othersLines) expect(verdict.advice, where).not.toContain(line);
              for (const line of [verdict.title, verdict.personal.reading, ...verdict.advice]) {
                expect(line, where).not.toMatch(/\{\w+\}/);
              }
            }
          }
        }
      }
    });
  }
});

describe("the personal reading of what the issue reported", () => {
  it("a frozen account with nothing going on: the scam warning, no overdue or merchant advice, no promises", () => {
    const verdict = tell(huabei, "zh-CN", "individual", "account_frozen");
    const advice = verdict.advice.join("\n");
    expect(advice).toContain("“解冻”“提额”“消除征信记录”");
    expect(advice).toContain("共享屏幕");
    expect(advice).toContain("95188");
    expect(advice).not.toContain("逾期");
    expect(advice).not.toContain("商户");
    expect(advice).not.toContain("恢复");
  });

  it("an overdue notice during an outage: both are said, and the outage does not overrule it", () => {
    const verdict = tell(huabei, "zh-CN", "outage", "overdue");
    expect(verdict.title).toContain("故障");
    expect(verdict.personal.reading).toContain("大范围故障正在发生；但你看到的“提示逾期”提示与这次故障无关");
    expect(verdict.advice.join("")).not.toContain("不是你的账户");
    expect(verdict.personal.advice.join("")).toContain("还清逾期");
  });

  it("'system busy' during a restriction wave is told it is not part of the wave", () => {
    const verdict = tell(huabei, "en", "account_wave", "system_busy");
    expect(verdict.personal.relation).toBe("unrelated");
    expect(verdict.personal.reading).toContain('"System busy"');
  });

  it("a frozen account during maintenance is told the maintenance is not the reason", () => {
    const verdict = tell(huabei, "zh-CN", "maintenance", "account_frozen");
    expect(verdict.personal.reading).toContain("与维护无关");
    expect(verdict.advice.join("")).not.toContain("不是你的账户问题");
  });

  it("a merchant restriction has its own headline, not the frozen account's", () => {
    const merchant = tell(huabei, "zh-CN", "individual", "merchant_unsupported");
    const frozen = tell(huabei, "zh-CN", "individual", "account_frozen");
    expect(merchant.title).not.toBe(frozen.title);
    expect(merchant.title).toContain("商户");
    expect(merchant.advice.join("")).toContain("套现");
  });

  it("gray-listing and partial limits are explained for not_eligible", () => {
    const advice = tell(huabei, "en", "individual", "not_eligible").advice.join(" ");
    expect(advice).toMatch(/gray-listed/);
    expect(advice).toMatch(/partial line/);
  });

  it("nothing else works: the phone, network and app first, and a headline that says so when nothing is open", () => {
    const alone = tell(huabei, "zh-CN", "unconfirmed", "cannot_load", { otherMethodsWork: "no" });
    expect(alone.title).toContain("手机、网络或 App");
    expect(alone.advice.join("")).toContain("Wi-Fi 和移动数据");
    expect(alone.advice.at(-1)).toContain("如果网络和手机都正常");
    const widely = tell(huabei, "zh-CN", "outage", "cannot_load", { otherMethodsWork: "no" });
    expect(widely.title).toContain("故障");
    expect(widely.personal.reading).toContain("不只是你的手机");
  });

  it("a failed repayment hears about proof, another channel and the due date, and never 'pay with'", () => {
    for (const kind of VERDICT_KINDS) {
      const verdict = tell(huabei, "zh-CN", kind, "payment_failed", { componentId: "repayment" });
      const advice = verdict.advice.join("\n");
      expect(advice).toContain("截图");
      expect(advice).toContain("还款日");
      expect(advice).toContain("第三方");
      expect(advice).not.toContain("改用");
      expect(verdict.alternatives).toEqual([]);
    }
  });

  it("maintenance with no announced end says so instead of a made-up time", () => {
    const unknown = tell(huabei, "zh-CN", "maintenance", "system_busy");
    expect(unknown.title).toBe("花呗正在进行计划内维护");
    expect(unknown.advice.join("")).toContain("结束时间尚未公布");
    expect(unknown.advice.join("")).not.toContain("维护结束时");
    // 20:00 UTC is 04:00 the next day in Asia/Shanghai.
    const known = tell(huabei, "en", "maintenance", "system_busy", { maintenanceUntil: Date.UTC(2026, 10, 26, 20) });
    expect(known.advice.join(" ")).toContain("04:00");
  });

  it("a verdict with nothing open never claims the page updates itself", () => {
    for (const kind of ["individual", "unconfirmed"] as const) {
      for (const locale of LOCALES) {
        const text = tell(huabei, locale, kind, "system_busy").advice.join(" ");
        expect(text).not.toMatch(/自动更新|updates itself/);
      }
    }
  });
});

describe("alternatives in the verdict", () => {
  it("recommends only alternatives that work, last, and lists every one with its status", () => {
    const outage = tell(huabei, "zh-CN", "outage", "system_busy");
    expect(outage.advice.at(-1)).toBe("需要付款请改用：微信支付。");
    expect(outage.alternatives).toEqual([
      { service: "wechat-pay", name: "微信支付", status: "operational", recommended: true },
      { service: "unionpay", name: "云闪付", status: "major_outage", recommended: false },
    ]);
    const none = describeVerdict(huabei, "en", {
      kind: "outage",
      symptom: "system_busy",
      otherMethodsWork: "unknown",
      componentId: "online-pay",
      alternatives: [unionpayDown],
    });
    expect(none.advice.at(-1)).toBe("No other way to pay is confirmed to work right now.");
  });

  it("uses the configured service name and advice (another service is configuration)", () => {
    const config = resolveService("huabei", "huabei", [
      {
        name: { "zh-CN": "白条", en: "Baitiao" },
        componentAdvice: {
          "online-pay": { advice: { "zh-CN": ["换个时间再试。"], en: ["Try another time."] }, payAnotherWay: true },
        },
      },
    ]);
    expect(tell(config, "en", "outage", "system_busy").title).toContain("Baitiao");
    expect(tell(config, "zh-CN", "outage", "system_busy").title).toContain("白条");
    expect(tell(config, "en", "outage", "system_busy", { componentId: "online-pay" }).personal.advice).toContain(
      "Try another time.",
    );
  });
});
