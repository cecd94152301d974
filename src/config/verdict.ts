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

/** The words a reporter is shown for a verdict kind, in their language. */
export function describeVerdict(
  kind: VerdictKind,
  config: ServiceConfig,
  locale: Locale,
  context: VerdictContext = {},
): Verdict {
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
