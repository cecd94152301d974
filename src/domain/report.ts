import { redact } from "./redact";
import type { Symptom, SymptomClass, VerdictKind } from "./symptoms";
import { type ComponentSituation, verdictKind } from "./verdict-kind";

/** A report as it is stored: classified, its message redacted, its verdict decided. */
export interface NewReport {
  id: string;
  componentId: string;
  symptom: Symptom;
  symptomClass: SymptomClass;
  messageSeen: string | null;
  region: string | null;
  platform: string | null;
  otherMethodsWork: string;
  occurredAt: number;
  receivedAt: number;
  fingerprint: string;
  verdict: VerdictKind;
  idempotencyKey: string | null;
  /** Keyed hash of the reporter's network (src/services/reporter.ts). */
  network: string;
  /** The region the detector counts (see `countedRegion` in src/db/schema.ts). */
  countedRegion: string | null;
}

/** The validated fields of a report, as the public API and the admin import take them. */
export interface ReportFields {
  component: string;
  symptom: Symptom;
  message_seen?: string;
  region?: string;
  platform?: string;
  other_methods_work?: string;
}

/**
 * The row to store for a report: its class, its message redacted, the verdict
 * the situation gives. The one place a report row is made, so the public API
 * and the admin import store the same thing.
 */
export function newReport(
  input: ReportFields,
  meta: {
    id?: string;
    /** The class the service's configuration gives the symptom. */
    symptomClass: SymptomClass;
    occurredAt: number;
    receivedAt: number;
    fingerprint: string;
    network: string;
    /**
     * Where the request comes from, as Cloudflare locates it (null when it cannot), or undefined
     * where there is no request.cf at all: then the stated region is what counts.
     */
    locatedRegion?: string | null;
    situation: ComponentSituation;
    idempotencyKey: string | null;
  },
): NewReport {
  const cls = meta.symptomClass;
  return {
    id: meta.id ?? crypto.randomUUID(),
    componentId: input.component,
    symptom: input.symptom,
    symptomClass: cls,
    messageSeen: input.message_seen ? redact(input.message_seen) : null,
    region: input.region ?? null,
    platform: input.platform ?? null,
    otherMethodsWork: input.other_methods_work ?? "unknown",
    occurredAt: meta.occurredAt,
    receivedAt: meta.receivedAt,
    fingerprint: meta.fingerprint,
    verdict: verdictKind(cls, meta.situation),
    idempotencyKey: meta.idempotencyKey,
    network: meta.network,
    countedRegion: meta.locatedRegion === undefined ? (input.region ?? null) : meta.locatedRegion,
  };
}

/** Report ids are UUIDs (random, or derived from an Idempotency-Key). */
export function isReportId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}
