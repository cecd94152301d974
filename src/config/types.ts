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
  /** What this message usually means, told with the verdict. */
  meaning?: Localized;
}

/** Another way to pay: a service this deployment may track (by id), or one it does not (by name). */
export type Alternative = { service: string } | { name: Localized };

/** An official way to get help: an app menu, a hotline, a website. */
export interface SupportChannel {
  name: Localized;
  detail: Localized;
  url?: string;
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
  advice: Record<VerdictKind, VerdictTexts>;
  support: SupportChannel[];
  alternatives: Alternative[];
}
