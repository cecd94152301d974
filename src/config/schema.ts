import { z } from "zod";
import { SYMPTOM_CLASS_VALUES, SYMPTOM_CODE, VERDICT_KINDS } from "../domain/symptoms";
import { SYMPTOM_PROFILES } from "./types";

/**
 * What a service's configuration may say, checked wherever it comes from:
 * presets, an operator's overrides (admin API, stored in D1), SERVICE_CONFIG.
 * Unknown keys are refused, so a misspelt field is an error naming it rather
 * than a setting silently ignored.
 */

export const SERVICE_ID = /^[a-z][a-z0-9-]{0,31}$/;
export const serviceIdSchema = z
  .string()
  .regex(SERVICE_ID, "a service id is 1 to 32 lowercase letters, digits or hyphens, starting with a letter");

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);
const localized = (max = 200) => z.strictObject({ "zh-CN": text(max), en: text(max) });
const lines = z.array(text(400)).min(1).max(12);
const localizedLines = z.strictObject({ "zh-CN": lines, en: lines });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isTimeZone, "not an IANA time zone, e.g. Asia/Shanghai");

const symptom = z.strictObject({
  code: z.string().regex(SYMPTOM_CODE, "a symptom code is lowercase letters, digits and underscores"),
  class: z.enum(SYMPTOM_CLASS_VALUES),
  label: localized(80),
  seen: localized(200),
  meaning: localized(400).optional(),
  title: localized(200).optional(),
  advice: localizedLines.optional(),
});

const symptoms = z
  .array(symptom)
  .min(1)
  .max(30)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      if (seen.has(item.code))
        ctx.addIssue({ code: "custom", message: "duplicate symptom code", path: [index, "code"] });
      seen.add(item.code);
    });
  });

const verdictTexts = z.strictObject({
  title: localized(200),
  advice: localizedLines,
});

/** A component or group id (the admin API checks ids with the same rule). */
export const COMPONENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const componentAdvice = z
  .record(
    z.string().regex(COMPONENT_ID, "a component id"),
    z.strictObject({ advice: localizedLines, payAnotherWay: z.boolean() }),
  )
  .refine((record) => Object.keys(record).length <= 30, "at most 30 components");

const advice = z.strictObject(
  Object.fromEntries(VERDICT_KINDS.map((kind) => [kind, verdictTexts])) as Record<
    (typeof VERDICT_KINDS)[number],
    typeof verdictTexts
  >,
);

const supportChannel = z.strictObject({
  name: localized(80),
  detail: localized(300),
  url: z
    .url({ protocol: /^https$/, error: "an https:// address" })
    .max(500)
    .optional(),
});

const alternative = z.union([z.strictObject({ service: serviceIdSchema }), z.strictObject({ name: localized(80) })]);

/** A complete service configuration (ServiceConfig). */
export const serviceConfigSchema = z.strictObject({
  id: serviceIdSchema,
  name: localized(40),
  pageTitle: localized(80),
  timeZone,
  symptomProfile: z.enum(SYMPTOM_PROFILES),
  symptoms,
  advice,
  accountAdvice: localizedLines,
  nothingWorks: localizedLines,
  beReady: localizedLines,
  componentAdvice,
  support: z.array(supportChannel).max(10),
  alternatives: z.array(alternative).max(10),
});

/**
 * What an operator may change (SERVICE_CONFIG, the admin API): any part of the
 * configuration but its id. Objects merge into the preset's; lists replace it.
 */
export const serviceOverridesSchema = z.strictObject({
  name: localized(40).partial().optional(),
  pageTitle: localized(80).partial().optional(),
  timeZone: timeZone.optional(),
  symptomProfile: z.enum(SYMPTOM_PROFILES).optional(),
  symptoms: symptoms.optional(),
  advice: z
    .strictObject(
      Object.fromEntries(
        VERDICT_KINDS.map((kind) => [
          kind,
          z
            .strictObject({
              title: localized(200).partial().optional(),
              advice: z.strictObject({ "zh-CN": lines.optional(), en: lines.optional() }).optional(),
            })
            .optional(),
        ]),
      ),
    )
    .optional(),
  accountAdvice: localizedLines.partial().optional(),
  nothingWorks: localizedLines.partial().optional(),
  beReady: localizedLines.partial().optional(),
  componentAdvice: componentAdvice.optional(),
  support: z.array(supportChannel).max(10).optional(),
  alternatives: z.array(alternative).max(10).optional(),
});

export type ServiceOverrides = z.infer<typeof serviceOverridesSchema>;

/** The first issue of a failed check as `path: message`, the path as the configuration spells it. */
export function describeIssue(error: z.ZodError, prefix?: string): { field: string | undefined; message: string } {
  const issue = error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || undefined;
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}
