import type { VerdictKind } from "../domain/symptoms";
import type { Locale } from "../i18n/locale";
import { formatDateTime } from "../lib/time";
import type { ServiceConfig } from "./types";

export interface Verdict {
  kind: VerdictKind;
  title: string;
  advice: string[];
}

export interface VerdictContext {
  /** When the covering maintenance is expected to end, if any. */
  maintenanceUntil?: number | null;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The words a reporter is shown for a verdict kind, in their language. The
 * same few verdicts are told to a whole crowd, so they are made once per
 * configuration, kind, language and maintenance end.
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
  const key = `${kind}|${locale}|${context.maintenanceUntil ?? ""}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    if (verdicts.size >= MADE_PER_CONFIG) verdicts.clear();
    verdict = makeVerdict(kind, config, locale, context);
    verdicts.set(key, verdict);
  }
  return verdict;
}

function makeVerdict(kind: VerdictKind, config: ServiceConfig, locale: Locale, context: VerdictContext): Verdict {
  const texts = config.advice[kind];
  const separator = locale === "zh-CN" ? "、" : ", ";
  const values = {
    service: config.name[locale],
    alternatives: config.alternatives[locale].join(separator),
    until: context.maintenanceUntil
      ? formatDateTime(context.maintenanceUntil, locale, config.timeZone)
      : locale === "zh-CN"
        ? "维护结束时"
        : "the end of the window",
  };
  return {
    kind,
    title: fill(texts.title[locale], values),
    advice: texts.advice[locale].map((line) => fill(line, values)),
  };
}
