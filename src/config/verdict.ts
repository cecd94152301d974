import { type PersonalRelation, personalReading } from "../domain/personal";
import type { ComponentStatus, SymptomClass, VerdictKind } from "../domain/symptoms";
import type { Locale } from "../i18n/locale";
import { formatDateTime } from "../lib/time";
import { findSymptom } from "./symptom-profiles";
import type { ServiceConfig } from "./types";

/** Another way to pay as the reader is told about it (LiveAlternative in src/read-model/alternatives.ts, in words). */
export interface AlternativeInput {
  service: string | null;
  name: Record<Locale, string>;
  status: ComponentStatus | null;
  recommended: boolean;
}

export interface VerdictAlternative {
  service: string | null;
  name: string;
  status: ComponentStatus | null;
  recommended: boolean;
}

/** The reading of what this one person saw. */
export interface PersonalPart {
  symptom: string;
  /** The symptom as the form names it. */
  label: string;
  relation: PersonalRelation;
  nothingElseWorks: boolean;
  /** One or two sentences: what their message means, set against the situation. */
  reading: string;
  advice: string[];
}

export interface Verdict {
  /** The situation (kept as before: maintenance, outage, account_wave, individual, unconfirmed). */
  kind: VerdictKind;
  title: string;
  /** Situation, then personal, then the alternatives line. */
  advice: string[];
  situation: { title: string; advice: string[] };
  personal: PersonalPart;
  /** Other ways to pay, working ones first, with their status right now (none where paying is not the point). */
  alternatives: VerdictAlternative[];
  /** "Be ready next time". */
  beReady: string[];
}

/** What one verdict is about. */
export interface VerdictRequest {
  kind: VerdictKind;
  symptom: string;
  otherMethodsWork: string;
  componentId: string;
  /** When the covering maintenance is expected to end, if any. */
  maintenanceUntil?: number | null;
  /** The service's alternatives as they stand (ranked). */
  alternatives?: readonly AlternativeInput[];
}

type Words = Record<Locale, string>;
type OpenKind = "maintenance" | "outage" | "account_wave" | "merchant_restriction";

/** The grammar that ties a person's message to the situation; the substance lives in the configuration. */
const READING: Record<"explained" | "unrelated" | "possibly", Record<OpenKind, Words>> = {
  explained: {
    outage: {
      "zh-CN": "你看到的“{label}”正是这次故障的表现。",
      en: 'What you saw ("{label}") is what this outage looks like.',
    },
    maintenance: {
      "zh-CN": "你看到的“{label}”是这次维护造成的。",
      en: 'What you saw ("{label}") comes from the maintenance.',
    },
    account_wave: {
      "zh-CN": "你遇到的“{label}”和很多人一样，是这次大批账户被限制的一部分。",
      en: 'What you saw ("{label}") is what many others see: part of this wave of restrictions.',
    },
    merchant_restriction: {
      "zh-CN": "你遇到的“{label}”和很多人一样，是这次商户或消费类别受限的一部分。",
      en: 'What you saw ("{label}") is what many others see: part of this restriction of merchants or categories.',
    },
  },
  unrelated: {
    outage: {
      "zh-CN": "大范围故障正在发生；但你看到的“{label}”提示与这次故障无关。",
      en: 'A widespread outage is going on, but the "{label}" message you saw is not part of it.',
    },
    maintenance: {
      "zh-CN": "计划维护正在进行；但你看到的“{label}”提示与维护无关。",
      en: 'Scheduled maintenance is going on, but the "{label}" message you saw is not part of it.',
    },
    account_wave: {
      "zh-CN": "很多账户正被限制；但你看到的“{label}”与这次限制无关。",
      en: 'Many accounts are being restricted, but the "{label}" message you saw is not part of that.',
    },
    merchant_restriction: {
      "zh-CN": "部分商户或消费类别正被限制；但你看到的“{label}”与这次限制无关。",
      en: 'Some merchants or categories are being restricted, but the "{label}" message you saw is not part of that.',
    },
  },
  possibly: {
    outage: { "zh-CN": "你遇到的问题可能与这次故障有关。", en: "What you ran into may well be this outage." },
    maintenance: { "zh-CN": "你遇到的问题可能与这次维护有关。", en: "What you ran into may well be the maintenance." },
    account_wave: {
      "zh-CN": "你遇到的问题可能与这次大批账户被限制有关。",
      en: "What you ran into may be part of this wave of restrictions.",
    },
    merchant_restriction: {
      "zh-CN": "你遇到的问题可能与这次商户或消费类别受限有关。",
      en: "What you ran into may be part of this restriction of merchants or categories.",
    },
  },
};

const NO_CLUE: Words = {
  "zh-CN": "目前没有别的线索，请以 App 给出的提示为准。",
  en: "There is no other clue right now; go by what the app tells you.",
};

const NOTHING_WORKS_ALONE: Words = {
  "zh-CN": "你说其他付款方式也都不行：问题更可能出在手机、网络或整个 App 上，而不只是{service}。",
  en: "You said no other way to pay works either: the phone, its network or the whole app is the likelier cause, not just {service}.",
};

const NOTHING_WORKS_WIDELY: Words = {
  "zh-CN": "很多人同时遇到了问题，所以不只是你的手机；但其他付款方式也不行，也请检查一下网络和 App。",
  en: "Many people have problems at once, so it is not just your phone; but since nothing else works either, check your network and app too.",
};

const NOTHING_WORKS_TITLE: Words = {
  "zh-CN": "暂未发现大范围故障：可能是手机、网络或 App 的问题",
  en: "No widespread problem found: it may be your phone, network or app",
};

const PAY_WITH: Words = { "zh-CN": "需要付款请改用：{list}。", en: "To pay now, use {list}." };
const PAY_WITH_IF_DEVICE_OK: Words = {
  "zh-CN": "如果网络和手机都正常，可以改用：{list}。",
  en: "If your network and phone are fine, use {list}.",
};
const NONE_CONFIRMED: Words = {
  "zh-CN": "目前没有确认可用的其他付款方式。",
  en: "No other way to pay is confirmed to work right now.",
};
const UNTIL_UNKNOWN: Words = {
  "zh-CN": "结束时间尚未公布，请留意 App 内公告和本页。",
  en: "The end has not been announced yet; watch the in-app notices and this page.",
};

const WIDESPREAD: ReadonlySet<VerdictKind> = new Set(["maintenance", "outage"]);

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The words a reporter is shown, in their language. The same few verdicts are
 * told to a whole crowd, so they are made once per configuration and request
 * shape (kind, symptom, component, answers, maintenance end, alternatives' state).
 */
const made = new WeakMap<ServiceConfig, Map<string, Verdict>>();
const MADE_PER_CONFIG = 256;

export function describeVerdict(config: ServiceConfig, locale: Locale, request: VerdictRequest): Verdict {
  let verdicts = made.get(config);
  if (!verdicts) {
    verdicts = new Map();
    made.set(config, verdicts);
  }
  const alternatives = request.alternatives ?? [];
  const state = alternatives.map((a) => `${a.service ?? a.name.en}:${a.status}:${a.recommended}`).join(",");
  const key = [
    request.kind,
    request.symptom,
    request.otherMethodsWork,
    request.componentId,
    locale,
    request.maintenanceUntil ?? "",
    state,
  ].join("|");
  let verdict = verdicts.get(key);
  if (!verdict) {
    if (verdicts.size >= MADE_PER_CONFIG) verdicts.clear();
    verdict = makeVerdict(config, locale, request, alternatives);
    verdicts.set(key, verdict);
  }
  return verdict;
}

function makeVerdict(
  config: ServiceConfig,
  locale: Locale,
  request: VerdictRequest,
  alternatives: readonly AlternativeInput[],
): Verdict {
  const { kind } = request;
  const symptom = findSymptom(config, request.symptom);
  const symptomClass: SymptomClass = symptom?.class ?? "other";
  const { relation, nothingElseWorks } = personalReading(symptomClass, kind, request.otherMethodsWork);
  const firstSupport = config.support[0];
  const values: Record<string, string> = {
    service: config.name[locale],
    label: symptom?.label[locale] ?? request.symptom,
    support: !firstSupport
      ? ""
      : locale === "zh-CN"
        ? `${firstSupport.name[locale]}（${firstSupport.detail[locale]}）`
        : `${firstSupport.name[locale]} (${firstSupport.detail[locale]})`,
    until: request.maintenanceUntil ? formatDateTime(request.maintenanceUntil, locale, config.timeZone) : "",
  };
  const text = (template: string) => fill(template, values);
  // A line about the maintenance's end says "not announced" when nobody said; one naming support goes when there is none.
  const lines = (list: readonly string[]) =>
    list
      .filter((line) => values.support || !line.includes("{support}"))
      .map((line) => (line.includes("{until}") && !values.until ? UNTIL_UNKNOWN[locale] : text(line)));

  const situationTexts = config.advice[kind];
  const situation = { title: text(situationTexts.title[locale]), advice: lines(situationTexts.advice[locale]) };

  const readingParts: string[] = [];
  if (relation === "own") {
    const meaning = symptom?.meaning?.[locale];
    readingParts.push(meaning ? text(meaning) : NO_CLUE[locale]);
  } else {
    readingParts.push(text(READING[relation][kind as OpenKind][locale]));
    const meaning = symptom?.meaning?.[locale];
    if (relation === "unrelated" && meaning) readingParts.push(text(meaning));
  }
  if (nothingElseWorks) {
    readingParts.push(text((WIDESPREAD.has(kind) ? NOTHING_WORKS_WIDELY : NOTHING_WORKS_ALONE)[locale]));
  }

  const personalAdvice: string[] = [];
  // A technical symptom the situation explains needs no advice of its own: the situation's is the advice.
  const explainedTechnical = relation === "explained" && symptomClass === "technical";
  if (symptom?.advice && !explainedTechnical) personalAdvice.push(...lines(symptom.advice[locale]));
  if (symptomClass === "account") personalAdvice.push(...lines(config.accountAdvice[locale]));
  const component = config.componentAdvice[request.componentId];
  if (component) personalAdvice.push(...lines(component.advice[locale]));
  if (nothingElseWorks) personalAdvice.push(...lines(config.nothingWorks[locale]));

  const payAnotherWay = component?.payAnotherWay ?? true;
  const shown = payAnotherWay ? alternatives : [];
  const alternativeLines: string[] = [];
  if (payAnotherWay) {
    const recommended = shown.filter((a) => a.recommended).map((a) => a.name[locale]);
    const list = recommended.join(locale === "zh-CN" ? "、" : ", ");
    if (!recommended.length) alternativeLines.push(NONE_CONFIRMED[locale]);
    else alternativeLines.push(fill((nothingElseWorks ? PAY_WITH_IF_DEVICE_OK : PAY_WITH)[locale], { list }));
  }

  let title = situation.title;
  if (kind === "individual" && symptom?.title) title = text(symptom.title[locale]);
  if (kind === "unconfirmed") {
    if (nothingElseWorks && symptomClass !== "account") title = NOTHING_WORKS_TITLE[locale];
    else if (symptom?.title) title = text(symptom.title[locale]);
  }

  return {
    kind,
    title,
    advice: [...situation.advice, ...personalAdvice, ...alternativeLines],
    situation,
    personal: {
      symptom: request.symptom,
      label: values.label!,
      relation,
      nothingElseWorks,
      reading: readingParts.join(locale === "zh-CN" ? "" : " "),
      advice: personalAdvice,
    },
    alternatives: shown.map((a) => ({
      service: a.service,
      name: a.name[locale],
      status: a.status,
      recommended: a.recommended,
    })),
    beReady: lines(config.beReady[locale]),
  };
}
