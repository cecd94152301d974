import { z } from "zod";
import { ERROR_CLASSES } from "./types";

/**
 * Probe definitions as the outside world writes them (config, admin API):
 * snake_case, validated here once. No zod defaults, so the same shape serves
 * as a partial patch; `probeDefaults` fills in what a new probe leaves out.
 */
export const PROBE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export const PROBE_RUNNERS = ["worker", "agent"] as const;
/** An agent probe with this location is run by every agent; otherwise only by agents of that location. */
export const ANY_LOCATION = "*";

const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lowercase letters, digits, - and _, at most 64");

/** http(s) URL, or a path starting with `/`: the Worker itself (the demo upstream), reached without the network. */
const probeUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    if (value.startsWith("/") && !value.startsWith("//")) return true;
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "an http(s) URL or a path starting with /");

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, "a header name");

const probeFields = {
  id: slug,
  component: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  location: z.string().trim().min(1).max(64),
  url: probeUrl,
  method: z.enum(PROBE_METHODS),
  headers: z
    .record(
      headerName,
      z
        .string()
        .max(2048)
        .refine(
          (v) => !v.startsWith("secret:") || /^secret:PROBE_[A-Z0-9_]+$/.test(v),
          "a secret reference must be secret:PROBE_NAME",
        ),
    )
    .refine((h) => Object.keys(h).length <= 20, "at most 20 headers")
    .nullable(),
  expected_status_min: z.int().min(100).max(599),
  expected_status_max: z.int().min(100).max(599),
  body_must_contain: z.string().min(1).max(500).nullable(),
  body_must_not_contain: z.string().min(1).max(500).nullable(),
  timeout_ms: z.int().min(500).max(30_000),
  interval_minutes: z.int().min(1).max(60),
  latency_threshold_ms: z.int().min(1).max(60_000).nullable(),
  runner: z.enum(PROBE_RUNNERS),
  enabled: z.boolean(),
};

const statusRangeOk = (p: { expected_status_min?: number; expected_status_max?: number }) =>
  p.expected_status_min === undefined ||
  p.expected_status_max === undefined ||
  p.expected_status_min <= p.expected_status_max;

export const probeInputSchema = z
  .object({ ...probeFields, id: slug.optional() })
  .partial({
    location: true,
    method: true,
    headers: true,
    expected_status_min: true,
    expected_status_max: true,
    body_must_contain: true,
    body_must_not_contain: true,
    timeout_ms: true,
    interval_minutes: true,
    latency_threshold_ms: true,
    runner: true,
    enabled: true,
  })
  .strict()
  .refine(statusRangeOk, {
    message: "expected_status_min must not exceed expected_status_max",
    path: ["expected_status_min"],
  });

/** A change to an existing probe; the id cannot change. */
export const probePatchSchema = z
  .object(probeFields)
  .omit({ id: true })
  .partial()
  .strict()
  .refine(statusRangeOk, {
    message: "expected_status_min must not exceed expected_status_max",
    path: ["expected_status_min"],
  });

export type ProbeInput = z.infer<typeof probeInputSchema>;
export type ProbePatch = z.infer<typeof probePatchSchema>;

export const probeDefaults = {
  method: "GET",
  headers: null,
  expected_status_min: 200,
  expected_status_max: 299,
  body_must_contain: null,
  body_must_not_contain: null,
  timeout_ms: 10_000,
  interval_minutes: 1,
  latency_threshold_ms: null,
  runner: "worker",
  enabled: true,
} as const satisfies Partial<Record<keyof typeof probeFields, unknown>>;

/** Default location label: the Worker's cron for worker probes, every agent for agent probes. */
export function defaultLocation(runner: (typeof PROBE_RUNNERS)[number]): string {
  return runner === "agent" ? ANY_LOCATION : "cf-worker";
}

/** What an agent pushes: a batch of its check results. */
export const MAX_RESULTS_PER_PUSH = 500;
const CHECKED_AT = z.union([z.int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const agentResultSchema = z
  .object({
    probe_id: slug,
    checked_at: CHECKED_AT,
    ok: z.boolean(),
    degraded: z.boolean().optional(),
    http_status: z.int().min(100).max(599).nullable().optional(),
    latency_ms: z.int().min(0).max(600_000).nullable().optional(),
    error_class: z.enum(ERROR_CLASSES).nullable().optional(),
  })
  .strict()
  .refine((r) => r.ok === (r.error_class == null), {
    message: "error_class is required when ok is false, and must be absent when ok is true",
    path: ["error_class"],
  });

export const agentPushSchema = z
  .object({ results: z.array(agentResultSchema).min(1).max(MAX_RESULTS_PER_PUSH) })
  .strict();

export type AgentPush = z.infer<typeof agentPushSchema>;
