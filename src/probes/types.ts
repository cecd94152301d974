/** Why a check failed. `null` on a result means it passed. */
export const ERROR_CLASSES = ["timeout", "dns", "connect", "tls", "http_status", "keyword"] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** What a check needs to know about its probe; the same shape for the Worker's cron and for agents. */
export interface ProbeSpec {
  id: string;
  url: string;
  method: string;
  /** {name: value}; a value `secret:NAME` is read from the runner's secrets (Worker secret or agent env var). */
  headers: Record<string, string> | null;
  expectedStatusMin: number;
  expectedStatusMax: number;
  bodyMustContain: string | null;
  bodyMustNotContain: string | null;
  timeoutMs: number;
  /** Above this the check still passes but counts as degraded. */
  latencyThresholdMs: number | null;
}

/** One check's result, before it is attributed to a location and stored. */
export interface CheckOutcome {
  probeId: string;
  checkedAt: number;
  ok: boolean;
  degraded: boolean;
  httpStatus: number | null;
  latencyMs: number | null;
  errorClass: ErrorClass | null;
}
