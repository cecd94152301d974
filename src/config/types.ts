import type { VerdictKind } from "../domain/symptoms";
import type { Locale, Localized } from "../i18n/locale";

/**
 * Everything that makes the page about one particular service. Components live
 * in D1 (seeded by a migration, edited through the admin API); names, advice
 * and alternatives live here and can be overridden with SERVICE_CONFIG (JSON).
 */
export interface ServiceConfig {
  id: string;
  name: Localized;
  pageTitle: Localized;
  timeZone: string;
  alternatives: Record<Locale, string[]>;
  advice: Record<VerdictKind, { title: Localized; advice: Record<Locale, string[]> }>;
}
