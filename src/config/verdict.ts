import type { ComponentStatus, VerdictKind } from "../domain/symptoms";
import type { Locale } from "../i18n/locale";
import { formatDateTime } from "../lib/time";
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

export interface Verdict {
  kind: VerdictKind;
  title: string;
  advice: string[];
  /** Other ways to pay, working ones first, with their status right now. */
  alternatives: VerdictAlternative[];
}

export interface VerdictContext {
  /** When the covering maintenance is expected to end, if any. */
  maintenanceUntil?: number | null;
  /** The service's alternatives as they stand (ranked), for `{alternatives}` and the list. */
  alternatives?: readonly AlternativeInput[];
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The words a reporter is shown for a verdict kind, in their language. The
 * same few verdicts are told to a whole crowd, so they are made once per
 * configuration, kind, language, maintenance end and alternatives' state.
 */
const made = new WeakMap<ServiceConfig, Map<string, Verdict>>();
const MADE_PER_CONFIG = 64;

export function describeVerdict(
  kind: VerdictKind,
  config: ServiceConfig,
  locale: Locale,
  context: VerdictContext = {},
): Verdict {
  let verdicts = made.get(config);
  if (!verdicts) {
    verdicts = new Map();
    made.set(config, verdicts);
  }
  const alternatives = context.alternatives ?? [];
  const state = alternatives.map((a) => `${a.service ?? a.name.en}:${a.status}:${a.recommended}`).join(",");
  const key = `${kind}|${locale}|${context.maintenanceUntil ?? ""}|${state}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    if (verdicts.size >= MADE_PER_CONFIG) verdicts.clear();
    verdict = makeVerdict(kind, config, locale, context.maintenanceUntil, alternatives);
    verdicts.set(key, verdict);
  }
  return verdict;
}

const ANOTHER_WAY: Record<Locale, string> = { "zh-CN": "其他付款方式", en: "another way to pay" };

function makeVerdict(
  kind: VerdictKind,
  config: ServiceConfig,
  locale: Locale,
  maintenanceUntil: number | null | undefined,
  alternatives: readonly AlternativeInput[],
): Verdict {
  const texts = config.advice[kind];
  const separator = locale === "zh-CN" ? "、" : ", ";
  const recommended = alternatives.filter((a) => a.recommended).map((a) => a.name[locale]);
  const values = {
    service: config.name[locale],
    alternatives: recommended.length ? recommended.join(separator) : ANOTHER_WAY[locale],
    until: maintenanceUntil
      ? formatDateTime(maintenanceUntil, locale, config.timeZone)
      : locale === "zh-CN"
        ? "维护结束时"
        : "the end of the window",
  };
  return {
    kind,
    title: fill(texts.title[locale], values),
    advice: texts.advice[locale].map((line) => fill(line, values)),
    alternatives: alternatives.map((a) => ({
      service: a.service,
      name: a.name[locale],
      status: a.status,
      recommended: a.recommended,
    })),
  };
}
