import type { SymptomClass, VerdictKind } from "./symptoms";

/** What is going on for one component at the moment a report arrives. */
export interface ComponentSituation {
  /** A declared maintenance window covers the component now. */
  maintenance: boolean;
  /** An outage incident (declared, or detected and not dismissed) is open for the component. */
  outage: boolean;
  /** An account-restriction wave is open for the component. */
  accountWave: boolean;
  /** The service restricts some merchants or categories (a merchant-restriction wave is open). */
  merchantRestriction?: boolean;
  /**
   * The provinces of an open regional outage (null: national or none). When
   * set, `outage` is true only for a reporter counted in one of them.
   */
  regions?: readonly string[] | null;
}

/**
 * The verdict kind for one report. Precedence is maintenance, outage,
 * account_wave, merchant_restriction (only for merchant symptoms: the service
 * has restricted some merchants), then the reporter's own symptom decides: account and merchant
 * symptoms point at the reporter's account or the merchant (individual), while
 * technical and unexplained symptoms stay unconfirmed until something
 * widespread is detected.
 */
export function verdictKind(symptomClass: SymptomClass, situation: ComponentSituation): VerdictKind {
  if (situation.maintenance) return "maintenance";
  if (situation.outage) return "outage";
  if (situation.accountWave) return "account_wave";
  if (situation.merchantRestriction && symptomClass === "merchant") return "merchant_restriction";
  if (symptomClass === "account" || symptomClass === "merchant") return "individual";
  return "unconfirmed";
}
