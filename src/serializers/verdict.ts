import type { Verdict } from "../config/verdict";
import type { Region } from "../domain/symptoms";
import { toIso } from "../lib/time";
import type { VerdictEvidence } from "../services/evidence";

/** A verdict and its evidence as the report API answers them (schemas/report.ts verdictSchema). */
export function verdictJson(verdict: Verdict, evidence: VerdictEvidence) {
  return {
    kind: verdict.kind,
    title: verdict.title,
    advice: verdict.advice,
    situation: verdict.situation,
    personal: {
      symptom: verdict.personal.symptom,
      label: verdict.personal.label,
      relation: verdict.personal.relation,
      nothing_else_works: verdict.personal.nothingElseWorks,
      reading: verdict.personal.reading,
      advice: verdict.personal.advice,
    },
    evidence: {
      from: toIso(evidence.from)!,
      to: toIso(evidence.to)!,
      reporters: evidence.reporters,
      provinces: evidence.provinces,
      probes: evidence.probes,
      maintenance: evidence.maintenance
        ? { starts_at: toIso(evidence.maintenance.from), ends_at: toIso(evidence.maintenance.until) }
        : null,
      regions: evidence.regions as Region[] | null,
    },
    alternatives: verdict.alternatives,
    be_ready: verdict.beReady,
  };
}
