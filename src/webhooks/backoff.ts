/** Attempts per delivery before it is given up (about six hours of retrying in all). */
export const MAX_ATTEMPTS = 8;
/** Consecutive failed attempts after which an endpoint is disabled until an operator re-enables it. */
export const DISABLE_AFTER_FAILURES = 15;
/** Per-attempt timeout: the cron must not hang on one slow receiver. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** Wait before retry n: shared with the notification queue (src/lib/backoff.ts). */
export { retryDelayMs } from "../lib/backoff";
