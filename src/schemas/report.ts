import { z } from "@hono/zod-openapi";
import { PERSONAL_RELATIONS } from "../domain/personal";
import {
  COMPONENT_STATUSES,
  OTHER_METHODS,
  PLATFORMS,
  REGIONS,
  SYMPTOM_CLASS_VALUES,
  SYMPTOM_CODE,
  VERDICT_KINDS,
} from "../domain/symptoms";
import { HOUR_MS, MINUTE_MS } from "../lib/time";

export const MESSAGE_SEEN_MAX = 500;
/** Phones' clocks drift; a report a little "in the future" is still honest. */
const CLOCK_SKEW_MS = 2 * MINUTE_MS;
const MAX_AGE_MS = 24 * HOUR_MS;

/** HTML forms send "" for an untouched optional field: treat it as absent. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

const symptomCode = z.string().regex(SYMPTOM_CODE, "not a symptom code");

export const reportInputSchema = z
  .object({
    component: z.string().min(1, "required").max(64),
    // Which codes a service offers is its configuration; the service checks the code (src/services/reports.ts).
    symptom: symptomCode.openapi({ description: "A symptom code of the service (its report form lists them)." }),
    message_seen: optional(z.string().trim().max(MESSAGE_SEEN_MAX)),
    region: optional(
      z.preprocess(
        (value) => (typeof value === "string" ? value.toUpperCase().replace(/^CN-/, "") : value),
        z.enum(REGIONS),
      ),
    ),
    platform: optional(z.enum(PLATFORMS)),
    other_methods_work: optional(z.enum(OTHER_METHODS)),
    occurred_at: optional(z.iso.datetime({ offset: true })),
  })
  .openapi("ReportInput");

export type ReportInput = z.infer<typeof reportInputSchema>;

/** The Idempotency-Key header: makes a retried request store one report and answer it again. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, "Idempotency-Key must be 8 to 128 printable ASCII characters")
  .openapi({ description: "Makes a retried request store one report and answer it again." });

/** occurred_at must be a real past moment within the last 24 hours; returns epoch ms or an error message. */
export function checkOccurredAt(
  value: string | undefined,
  nowMs: number,
): { ok: true; at: number } | { ok: false; message: string } {
  if (value === undefined) return { ok: true, at: nowMs };
  const at = Date.parse(value);
  if (Number.isNaN(at)) return { ok: false, message: "occurred_at is not a valid time" };
  if (at > nowMs + CLOCK_SKEW_MS) return { ok: false, message: "occurred_at is in the future" };
  if (at < nowMs - MAX_AGE_MS) return { ok: false, message: "occurred_at is more than 24 hours ago" };
  return { ok: true, at };
}

/**
 * A report as the report API hands it to the queue (NewReport in
 * src/data/reports.ts): already validated, redacted and fingerprinted. The
 * consumer checks it again because a message may have been sent by an older
 * or newer deploy of the Worker.
 */
export const queuedReportSchema = z
  .object({
    id: z.uuid(),
    componentId: z.string().min(1).max(64),
    symptom: symptomCode,
    symptomClass: z.enum(SYMPTOM_CLASS_VALUES),
    messageSeen: z
      .string()
      .max(MESSAGE_SEEN_MAX * 2)
      .nullable(),
    region: z.enum(REGIONS).nullable(),
    platform: z.enum(PLATFORMS).nullable(),
    otherMethodsWork: z.enum(OTHER_METHODS),
    occurredAt: z.number().int().nonnegative(),
    receivedAt: z.number().int().nonnegative(),
    fingerprint: z.string().min(1).max(128),
    verdict: z.enum(VERDICT_KINDS),
    idempotencyKey: z.string().max(256).nullable(),
    // Messages queued by a deploy from before networks were counted lack these two.
    network: z.string().min(1).max(128).optional(),
    countedRegion: z.enum(REGIONS).nullable().optional(),
  })
  .transform((report) => ({
    ...report,
    network: report.network ?? report.fingerprint,
    countedRegion: report.countedRegion === undefined ? report.region : report.countedRegion,
  }));

/** Another way to pay and whether it works right now. */
export const alternativeSchema = z
  .object({
    service: z.string().nullable().openapi({ description: "The service's id when this page tracks it, else null." }),
    name: z.string(),
    status: z
      .enum(COMPONENT_STATUSES)
      .nullable()
      .openapi({ description: "Its worst component status right now; null when not tracked here." }),
    recommended: z.boolean().openapi({ description: "False while it has an outage or maintenance." }),
  })
  .openapi("Alternative");

const lines = z.array(z.string());

/** What one person saw, read against the situation. */
export const personalSchema = z
  .object({
    symptom: z.string().openapi({ description: "The symptom code reported." }),
    label: z.string().openapi({ description: "The symptom as the form names it, in the answer's language." }),
    relation: z.enum(PERSONAL_RELATIONS).openapi({
      description:
        "explained: the situation explains what they saw; unrelated: something is going on but what they saw has another cause; possibly: cannot tell; own: nothing is going on, their own message is the clue.",
    }),
    nothing_else_works: z.boolean().openapi({ description: 'The reporter said no other way to pay works ("no").' }),
    reading: z.string().openapi({ description: "One or two sentences: what their message means here." }),
    advice: lines.openapi({ description: "Advice for this symptom and component (also in the verdict's advice)." }),
  })
  .openapi("PersonalReading");

/** What the verdict rests on. */
export const evidenceSchema = z
  .object({
    from: z.string().openapi({ format: "date-time", description: "Start of the window the counts cover." }),
    to: z.string().openapi({ format: "date-time", description: "End of the window (both ends included, by minute)." }),
    reporters: z.number().int().openapi({ description: "Distinct reporters of the component in the window." }),
    provinces: z.number().int().openapi({ description: "Provinces those reporters are in." }),
    probes: z
      .object({ failing: z.array(z.string()), passing: z.array(z.string()) })
      .openapi({ description: "Probe locations by their latest check in the last 15 minutes." }),
    maintenance: z
      .object({
        starts_at: z.string().nullable().openapi({ format: "date-time" }),
        ends_at: z.string().nullable().openapi({ format: "date-time", description: "null: not announced." }),
      })
      .nullable()
      .openapi({ description: "The maintenance window covering the component, if any." }),
    regions: z
      .array(z.enum(REGIONS))
      .nullable()
      .openapi({ description: "Provinces of a regional episode; null when nothing regional is open." }),
  })
  .openapi("VerdictEvidence");

/** A verdict as a reporter reads it. */
export const verdictSchema = z
  .object({
    kind: z
      .enum(VERDICT_KINDS)
      .openapi({ description: "The situation; precedence maintenance, outage, account_wave." }),
    title: z.string(),
    advice: lines.openapi({
      description: "In order: the situation's advice, the personal advice, the alternatives line.",
    }),
    situation: z
      .object({ title: z.string(), advice: lines })
      .openapi({ description: "What is going on for everyone." }),
    personal: personalSchema,
    evidence: evidenceSchema,
    alternatives: z
      .array(alternativeSchema)
      .openapi({ description: "Working ones first; empty where paying another way is not the point (repayment)." }),
    be_ready: lines.openapi({ description: "Be ready next time." }),
  })
  .openapi("Verdict");

/** The answer to a report: its id, the verdict and how many others reported the same component lately. */
export const reportAnswerSchema = z
  .object({
    id: z.string(),
    component: z.string(),
    verdict: verdictSchema,
    reporters_last_15m: z.number().int(),
    queued: z
      .literal(true)
      .optional()
      .openapi({ description: "Present on 202: accepted into the report queue, stored within seconds under this id." }),
  })
  .openapi("ReportAnswer");

/** A stored report's verdict, read again later. */
export const reportViewSchema = z
  .object({
    id: z.string(),
    component: z.string(),
    symptom: z.string(),
    received_at: z.string().openapi({ format: "date-time" }),
    verdict: verdictSchema.openapi({
      description: "As things stand now; its evidence covers the time from the report until now.",
    }),
    reported_kind: z.enum(VERDICT_KINDS).openapi({ description: "The verdict kind the reporter was told then." }),
    reporters_last_15m: z
      .number()
      .int()
      .openapi({ description: "Distinct reporters in the 15 minutes up to the report (a fixed window)." }),
    reporters_since: z.number().int().openapi({ description: "Distinct reporters from the report until now." }),
  })
  .openapi("Report");
