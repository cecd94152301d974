import { MINUTE_MS } from "../lib/time";

/** Attempts per delivery before it is given up (about six hours of retrying in all). */
export const MAX_ATTEMPTS = 8;
/** Consecutive failed attempts after which an endpoint is disabled until an operator re-enables it. */
export const DISABLE_AFTER_FAILURES = 15;
/** Per-attempt timeout: the cron must not hang on one slow receiver. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** Wait before retry n (1-based): 1, 2, 4, 8, 16, 32, 64 minutes, capped at 2 hours. */
export function retryDelayMs(attempt: number): number {
  return Math.min(2 ** (attempt - 1), 120) * MINUTE_MS;
}
