import type { DetectedKind, Evidence } from "../detection";
import type { Locale } from "./locale";
import { formatRegionCounts, regionName } from "./regions";

/**
 * The public words for a detected incident, per language: its name, what the
 * detector saw, and the calm that closed it. The detector stores the zh-CN
 * text (what admins and older readers see); pages, the Statuspage API, feeds
 * and webhooks render the reader's language at read time from the incident's
 * kind, component and evidence (`localizeDetected`), so each page shows only
 * its language, and incidents stored before this (with both languages in one
 * string, "… / …") read the same way.
 */
const WORDS = {
  "zh-CN": {
    name: {
      outage: (component: string) => `${component}疑似故障（自动检测）`,
      account_wave: (component: string) => `${component}：大量账户受限（非技术故障）`,
      merchant_restriction: (component: string) => `${component}：部分商户或消费类别受限（非技术故障）`,
    },
    /** A regional outage's name: "线上支付在广东等地区疑似故障（自动检测）". */
    place: (provinces: string[]) => `在${provinces.map((p) => regionName(p, "zh-CN")).join("、")}等地区`,
    lead: {
      outage: "自动检测到疑似故障，正在调查。",
      account_wave: "大量用户同时反映额度降低、冻结或风控拦截，可能是政策或风控调整，不是技术故障。",
      merchant_restriction:
        "大量用户同时反映在部分商户或消费类别无法使用，可能是服务方限制了这些商户或类别，不是技术故障，也不是个人账户问题。",
    },
    scope: (text: string) => `仅涉及${text}等地区的用户`,
    reporters: (n: number, minutes: number, expected: string) =>
      `过去 ${minutes} 分钟内 ${n} 人报告问题（通常约 ${expected} 人）`,
    regions: (text: string) => `地区：${text}`,
    probes: (down: number, known: number, where: string) => `${down}/${known} 个探测点失败：${where}`,
    body: (lead: string, parts: string[]) => `${lead}${parts.length ? `${parts.join("；")}。` : ""}`,
    resolved: {
      outage: "报告和探测已恢复正常水平一段时间，自动标记为已恢复。",
      account_wave: "账户受限的报告已回到通常水平。",
      merchant_restriction: "商户受限的报告已回到通常水平。",
    },
  },
  en: {
    name: {
      outage: (component: string) => `${component}: suspected outage (detected)`,
      account_wave: (component: string) => `${component}: many accounts restricted (not a technical outage)`,
      merchant_restriction: (component: string) =>
        `${component}: some merchants or categories restricted (not a technical outage)`,
    },
    /** "Online payment in Guangdong and nearby: suspected outage (detected)". */
    place: (provinces: string[]) => ` in ${provinces.map((p) => regionName(p, "en")).join(", ")} and nearby`,
    lead: {
      outage: "An outage was detected automatically; we are investigating.",
      account_wave:
        "Many people report lowered limits, freezes or risk-control blocks at once: likely a policy or risk-model change, not a technical outage.",
      merchant_restriction:
        "Many people report at once that some merchants or kinds of purchase do not accept it: likely the service restricted them, not a technical outage and not their accounts.",
    },
    scope: (text: string) => `only people in ${text} and nearby are affected`,
    reporters: (n: number, minutes: number, expected: string) =>
      `${n} ${n === 1 ? "person" : "people"} reported problems in the last ${minutes} minutes (usually about ${expected})`,
    regions: (text: string) => `regions: ${text}`,
    probes: (down: number, known: number, where: string) => `${down} of ${known} probe locations failing: ${where}`,
    body: (lead: string, parts: string[]) => `${lead}${parts.length ? ` ${parts.join("; ")}.` : ""}`,
    resolved: {
      outage: "Reports and probes have been back to normal for a while; resolved automatically.",
      account_wave: "Reports of account restrictions are back to their usual level.",
      merchant_restriction: "Reports of restricted merchants are back to their usual level.",
    },
  },
} satisfies Record<Locale, unknown>;

/** The provinces of a regional outage, from its evidence (empty: national). */
export function provincesOf(evidence: Evidence | null | undefined): string[] {
  return Array.isArray(evidence?.provinces) ? evidence.provinces.filter((p) => typeof p === "string") : [];
}

/** The name; a regional outage (`provinces`) names them: "线上支付在广东等地区疑似故障（自动检测）". */
export function detectedIncidentName(
  kind: DetectedKind,
  componentName: string,
  locale: Locale,
  provinces: readonly string[] = [],
): string {
  const w = WORDS[locale];
  const place = kind === "outage" && provinces.length ? w.place([...provinces]) : "";
  return w.name[kind](`${componentName}${place}`);
}

export function detectedIncidentBody(kind: DetectedKind, evidence: Evidence, locale: Locale): string {
  const w = WORDS[locale];
  const parts: string[] = [];
  const provinces = kind === "outage" ? provincesOf(evidence) : [];
  if (provinces.length)
    parts.push(w.scope(provinces.map((p) => regionName(p, locale)).join(locale === "zh-CN" ? "、" : ", ")));
  if (evidence.reporters != null && evidence.windowMinutes != null) {
    const expected = evidence.expected != null ? evidence.expected.toFixed(1) : "?";
    parts.push(w.reporters(evidence.reporters, evidence.windowMinutes, expected));
  }
  const regions = formatRegionCounts(evidence.regions ?? [], locale);
  if (regions) parts.push(w.regions(regions));
  if (evidence.probesDown?.length) {
    const down = evidence.probesDown.length;
    parts.push(w.probes(down, evidence.probesKnown ?? down, evidence.probesDown.join(", ")));
  }
  return w.body(w.lead[kind], parts);
}

export function detectedResolvedBody(kind: DetectedKind, locale: Locale): string {
  return WORDS[locale].resolved[kind];
}

/** What `localizeDetected` reads of an incident (IncidentView has it all). */
export interface DetectedTextSource {
  source: string;
  detectedKind: string | null;
  evidence: unknown;
  name: string;
  components: readonly { componentId: string }[];
  updates: readonly { body: string }[];
}

const isKind = (kind: string | null): kind is DetectedKind =>
  kind === "outage" || kind === "account_wave" || kind === "merchant_restriction";

/** A body in both languages, as the detector wrote them before it stored one: "zh\n\nen". */
function legacyPart(text: string, locale: Locale): string | null {
  const at = text.indexOf("\n\n");
  if (at < 0) return null;
  return locale === "zh-CN" ? text.slice(0, at) : text.slice(at + 2);
}

/**
 * A detected incident in the reader's language: the name and the detector's
 * own updates rendered for `locale` from its kind, component and evidence.
 * What an operator wrote (a new name, their own updates) and every declared
 * incident stay exactly as stored. `componentName` gives a component's current
 * name in `locale`.
 */
export function localizeDetected<T extends DetectedTextSource>(
  incident: T,
  locale: Locale,
  componentName: (componentId: string) => string | undefined,
): T {
  const kind = incident.detectedKind;
  if (incident.source !== "detected" || !isKind(kind)) return incident;
  const zh = WORDS["zh-CN"];
  const en = WORDS.en;
  const first = incident.components[0];
  const component = first ? componentName(first.componentId) : undefined;
  const evidence = incident.evidence && typeof incident.evidence === "object" ? (incident.evidence as Evidence) : null;
  const provinces = provincesOf(evidence);

  let name = incident.name;
  const zhSuffix = zh.name[kind]("");
  const legacyAt = name.indexOf(`${zhSuffix}/ `);
  if (legacyAt >= 0) {
    // "花呗付款疑似故障（自动检测）/ Pay: suspected outage (detected)"
    const cut = legacyAt + zhSuffix.length;
    name = component
      ? detectedIncidentName(kind, component, locale, provinces)
      : locale === "zh-CN"
        ? name.slice(0, cut)
        : name.slice(cut + 2);
  } else if (component && (name.endsWith(zhSuffix) || name.endsWith(en.name[kind]("")))) {
    name = detectedIncidentName(kind, component, locale, provinces);
  }
  const updates = incident.updates.map((update) => {
    const body = update.body;
    if (body.startsWith(zh.lead[kind]) || body.startsWith(en.lead[kind])) {
      const text = evidence ? detectedIncidentBody(kind, evidence, locale) : legacyPart(body, locale);
      return text ? { ...update, body: text } : update;
    }
    const resolved = [zh.resolved[kind], en.resolved[kind], `${zh.resolved[kind]}\n\n${en.resolved[kind]}`];
    return resolved.includes(body) ? { ...update, body: detectedResolvedBody(kind, locale) } : update;
  });
  return { ...incident, name, updates } as T;
}
