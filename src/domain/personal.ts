import type { OtherMethodsWork, SymptomClass, VerdictKind } from "./symptoms";

/**
 * How what one person saw relates to what is going on for everyone:
 * - `explained`: the situation explains it (a timeout during an outage, a
 *   freeze during a wave of restrictions);
 * - `unrelated`: something is going on, but what they saw has another cause
 *   (an overdue notice during an outage, "system busy" during a restriction wave);
 * - `possibly`: something is going on and what they saw says too little to tell;
 * - `own`: nothing is going on, so their own message is the best clue.
 */
export const PERSONAL_RELATIONS = ["explained", "unrelated", "possibly", "own"] as const;
export type PersonalRelation = (typeof PERSONAL_RELATIONS)[number];

export interface PersonalReading {
  relation: PersonalRelation;
  /** They said no other way to pay works either: the phone, its network or the whole app is the likelier cause. */
  nothingElseWorks: boolean;
}

/** Which symptom classes each open situation explains; `other` is never clear either way. */
const EXPLAINED_BY: Record<
  "maintenance" | "outage" | "account_wave" | "merchant_restriction",
  readonly SymptomClass[]
> = {
  maintenance: ["technical"],
  outage: ["technical"],
  account_wave: ["account"],
  merchant_restriction: ["merchant"],
};

export function personalReading(
  symptomClass: SymptomClass,
  kind: VerdictKind,
  otherMethodsWork: OtherMethodsWork | string,
): PersonalReading {
  const nothingElseWorks = otherMethodsWork === "no";
  if (kind === "individual" || kind === "unconfirmed") return { relation: "own", nothingElseWorks };
  if (symptomClass === "other") return { relation: "possibly", nothingElseWorks };
  const relation = EXPLAINED_BY[kind].includes(symptomClass) ? "explained" : "unrelated";
  return { relation, nothingElseWorks };
}
