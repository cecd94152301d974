import { z } from "zod";
import type { Env } from "../env";

export const DEFAULT_MAX_PER_HOUR = 6;

const maxPerHour = z.coerce.number().int().min(1).max(1000);

/**
 * NOTIFY_MAX_PER_HOUR: notifications one subscriber gets in an hour at most
 * (1 to 1000, default 6). A value that is not one is reported and the default applies.
 */
export function notifyMaxPerHour(env: Pick<Env, "NOTIFY_MAX_PER_HOUR">): number {
  if (env.NOTIFY_MAX_PER_HOUR === undefined || env.NOTIFY_MAX_PER_HOUR.trim() === "") return DEFAULT_MAX_PER_HOUR;
  const parsed = maxPerHour.safeParse(env.NOTIFY_MAX_PER_HOUR);
  if (parsed.success) return parsed.data;
  console.warn(`NOTIFY_MAX_PER_HOUR must be a whole number from 1 to 1000; using ${DEFAULT_MAX_PER_HOUR}`);
  return DEFAULT_MAX_PER_HOUR;
}

/**
 * Attempts per notification before it becomes a dead letter: with the shared
 * backoff (src/lib/backoff.ts) about half an hour of retrying, after which a
 * status notice is stale. wrangler.toml's max_retries is above it, so the
 * queue never drops a message this count has not given up.
 */
export const NOTIFY_MAX_ATTEMPTS = 6;
