import { describe, expect, it } from "vitest";
import { REGION_NAMES } from "../../src/domain/regions";
import { REGIONS } from "../../src/domain/symptoms";
import { detectedIncidentBody, detectedIncidentName, localizeDetected } from "../../src/i18n/evidence-text";
import { MESSAGES } from "../../src/i18n/messages";
import { formatRegionCounts, regionName } from "../../src/i18n/regions";
import { CROWD_EVIDENCE } from "../seed";

const evidence = CROWD_EVIDENCE;

describe("province names: one table, both languages", () => {
  it("names all 34 provincial-level divisions in zh-CN and en, and the pages read the same table", () => {
    expect(Object.keys(REGION_NAMES).sort()).toEqual([...REGIONS].sort());
    expect(REGIONS).toHaveLength(34);
    for (const code of REGIONS) {
      expect(MESSAGES["zh-CN"].regionNames[code]).toBe(REGION_NAMES[code]["zh-CN"]);
      expect(MESSAGES.en.regionNames[code]).toBe(REGION_NAMES[code].en);
    }
  });

  it("formats a code and reporter counts per language; unknown codes stay as they are", () => {
    expect(regionName("ZJ", "zh-CN")).toBe("浙江");
    expect(regionName("ZJ", "en")).toBe("Zhejiang");
    expect(regionName("??", "en")).toBe("??");
    expect(formatRegionCounts(evidence.regions!, "zh-CN")).toBe("浙江 12 人、河南 5 人");
    expect(formatRegionCounts(evidence.regions!, "en")).toBe("Zhejiang 12, Henan 5");
    expect(formatRegionCounts([{ region: null, reporters: 3 }], "en")).toBe("");
  });
});

describe("detected incidents per language", () => {
  it("writes the evidence with province names, one language at a time", () => {
    const zh = detectedIncidentBody("outage", evidence, "zh-CN");
    expect(zh).toContain("地区：浙江 12 人、河南 5 人");
    expect(zh).toContain("过去 15 分钟内 17 人报告问题");
    expect(zh).not.toMatch(/ZJ|HA|investigating/);
    const en = detectedIncidentBody("outage", evidence, "en");
    expect(en).toContain("regions: Zhejiang 12, Henan 5");
    expect(en).not.toMatch(/ZJ|浙江|自动/);
  });

  const base = {
    source: "detected",
    detectedKind: "outage",
    evidence,
    components: [{ componentId: "online-pay" }],
  };
  const names = (locale: "zh-CN" | "en") => (id: string) =>
    id === "online-pay" ? (locale === "en" ? "Online checkout" : "线上付款") : undefined;

  it("renders what the detector stored (zh-CN) in the reader's language", () => {
    const stored = {
      ...base,
      name: detectedIncidentName("outage", "线上付款", "zh-CN"),
      updates: [{ body: detectedIncidentBody("outage", evidence, "zh-CN") }],
    };
    const en = localizeDetected(stored, "en", names("en"));
    expect(en.name).toBe("Online checkout: suspected outage (detected)");
    expect(en.updates[0]!.body).toContain("Zhejiang 12");
    const zh = localizeDetected(stored, "zh-CN", names("zh-CN"));
    expect(zh.name).toBe("线上付款疑似故障（自动检测）");
  });

  it("reads incidents stored with both languages in one string", () => {
    const legacy = {
      ...base,
      evidence: null,
      name: "线上付款疑似故障（自动检测）/ Online checkout: suspected outage (detected)",
      updates: [
        {
          body: "自动检测到疑似故障，正在调查。地区：ZJ 12\n\nAn outage was detected automatically; we are investigating.",
        },
        {
          body: "报告和探测已恢复正常水平一段时间，自动标记为已恢复。\n\nReports and probes have been back to normal for a while; resolved automatically.",
        },
      ],
    };
    const none = () => undefined;
    expect(localizeDetected(legacy, "zh-CN", none).name).toBe("线上付款疑似故障（自动检测）");
    expect(localizeDetected(legacy, "en", none).name).toBe("Online checkout: suspected outage (detected)");
    const en = localizeDetected(legacy, "en", names("en"));
    expect(en.updates.map((u) => u.body)).toEqual([
      "An outage was detected automatically; we are investigating.",
      "Reports and probes have been back to normal for a while; resolved automatically.",
    ]);
    expect(localizeDetected(legacy, "zh-CN", names("zh-CN")).updates[1]!.body).toBe(
      "报告和探测已恢复正常水平一段时间，自动标记为已恢复。",
    );
  });

  it("leaves an operator's words and declared incidents as written", () => {
    const renamed = { ...base, name: "线上付款故障（已确认）", updates: [{ body: "工程师正在处理。" }] };
    expect(localizeDetected(renamed, "en", names("en"))).toEqual(renamed);
    const declared = { ...base, source: "declared", name: "线上付款疑似故障（自动检测）", updates: [] };
    expect(localizeDetected(declared, "en", names("en"))).toBe(declared);
  });
});
