import type { SymptomClass, VerdictKind } from "../domain/symptoms";
import type { Locale, Localized } from "../i18n/locale";

/** One symptom a reporter can pick: its class drives detection, its words are what the form and verdict say. */
export interface SymptomDefinition {
  code: string;
  class: SymptomClass;
  /** The choice on the form. */
  label: Localized;
  /** What the app typically shows, so a reporter recognises it. */
  seen: Localized;
  /** What this message usually means: the personal reading when nothing else explains it. */
  meaning?: Localized;
  /** The verdict's headline when nothing is going on (default: the verdict kind's). */
  title?: Localized;
  /** What to do about this message in particular (the account lines come on top for account symptoms). */
  advice?: Record<Locale, string[]>;
}

/** Another way to pay: a service this deployment may track (by id), or one it does not (by name). */
export type Alternative = { service: string } | { name: Localized };

/** An official way to get help: an app menu, a hotline, a website. */
export interface SupportChannel {
  name: Localized;
  detail: Localized;
  url?: string;
}

/** Advice for one component whose failures are not about paying (e.g. repayment). */
export interface ComponentAdvice {
  advice: Record<Locale, string[]>;
  /** Whether "pay another way" helps here; false for repayment. */
  payAnotherWay: boolean;
}

export interface VerdictTexts {
  title: Localized;
  advice: Record<Locale, string[]>;
}

/** The built-in symptom sets; `custom` is an operator's own list. */
export const SYMPTOM_PROFILES = ["credit", "wallet", "custom"] as const;
export type SymptomProfile = (typeof SYMPTOM_PROFILES)[number];

/**
 * Everything that makes pages about one particular service. Components and
 * groups live in D1 (their rows name the service); the rest is configuration:
 * a built-in preset (src/config/presets), an operator's overrides stored in
 * the `services` table, and for the default service SERVICE_CONFIG.
 */
export interface ServiceConfig {
  /** URL-safe id: `/s/{id}/…`. */
  id: string;
  name: Localized;
  pageTitle: Localized;
  timeZone: string;
  symptomProfile: SymptomProfile;
  symptoms: SymptomDefinition[];
  /** The situation part of a verdict, per kind. */
  advice: Record<VerdictKind, VerdictTexts>;
  /** Told with every account symptom: where the reason is, official support (`{support}`), scams, credit report. */
  accountAdvice: Record<Locale, string[]>;
  /** Told when the reporter says no other way to pay works either (phone, network, app). */
  nothingWorks: Record<Locale, string[]>;
  /** "Be ready next time". */
  beReady: Record<Locale, string[]>;
  /** Per component id: advice that replaces "pay another way" where paying is not the point. */
  componentAdvice: Record<string, ComponentAdvice>;
  support: SupportChannel[];
  alternatives: Alternative[];
}
