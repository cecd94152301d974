/**
 * Symptom classes drive detection: technical symptoms feed the outage series,
 * account symptoms the account-wave series; merchant and other never open
 * episodes. Which symptoms a reporter can pick is the service's configuration
 * (src/config/symptom-profiles.ts); every symptom names its class.
 */
export const SYMPTOM_CLASS_VALUES = ["technical", "account", "merchant", "other"] as const;
export type SymptomClass = (typeof SYMPTOM_CLASS_VALUES)[number];

/** A symptom code of some service's symptom set, e.g. `system_busy`. */
export type Symptom = string;

/** What a symptom code looks like (config and reports alike). */
export const SYMPTOM_CODE = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * The codes of the built-in symptom sets with their classes: the credit
 * profile (pay-later lines such as Huabei) and the wallet profile (wallets and
 * bank apps). Replays and imports without a service configuration read classes here.
 */
export const BUILT_IN_SYMPTOM_CLASSES: Readonly<Record<string, SymptomClass>> = {
  cannot_load: "technical",
  system_busy: "technical",
  payment_failed: "technical",
  limit_reduced: "account",
  account_frozen: "account",
  risk_warning: "account",
  overdue: "account",
  not_eligible: "account",
  card_declined: "account",
  verification_required: "account",
  account_restricted: "account",
  limit_exceeded: "account",
  merchant_unsupported: "merchant",
  other: "other",
};

export const PLATFORMS = ["ios", "android", "web", "miniapp", "other"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const OTHER_METHODS = ["yes", "no", "unknown"] as const;
export type OtherMethodsWork = (typeof OTHER_METHODS)[number];

/** ISO 3166-2:CN province-level subdivisions, without the "CN-" prefix. */
export const REGIONS = [
  "AH",
  "BJ",
  "CQ",
  "FJ",
  "GD",
  "GS",
  "GX",
  "GZ",
  "HA",
  "HB",
  "HE",
  "HI",
  "HK",
  "HL",
  "HN",
  "JL",
  "JS",
  "JX",
  "LN",
  "MO",
  "NM",
  "NX",
  "QH",
  "SC",
  "SD",
  "SH",
  "SN",
  "SX",
  "TJ",
  "TW",
  "XJ",
  "XZ",
  "YN",
  "ZJ",
] as const;
export type Region = (typeof REGIONS)[number];

/** What a reporter is told; precedence is the order of this list. */
export const VERDICT_KINDS = [
  "maintenance",
  "outage",
  "account_wave",
  "merchant_restriction",
  "individual",
  "unconfirmed",
] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/** Statuspage v2 component status values, best to worst (maintenance apart). */
export const COMPONENT_STATUSES = [
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
  "under_maintenance",
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const EPISODE_KINDS = ["outage", "account_wave", "merchant_restriction", "maintenance"] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];
