import { networkWritesSince } from "../data/recoveries";
import type { Database } from "../db/client";
import { DomainError } from "../domain/errors";
import type { Env } from "../env";

/** `N/SECONDS`, e.g. `20/600`: at most N reports per network per window. */
export interface RateLimitPolicy {
  limit: number;
  windowMs: number;
}

/** Generous for one address: carrier-grade NAT puts many real people behind it. */
export const DEFAULT_REPORT_RATE_LIMIT: RateLimitPolicy = { limit: 20, windowMs: 600_000 };

export function parseRateLimit(value: string | undefined): RateLimitPolicy {
  const match = value?.match(/^\s*(\d+)\s*\/\s*(\d+)\s*$/);
  if (!match) return DEFAULT_REPORT_RATE_LIMIT;
  const limit = Number(match[1]);
  const seconds = Number(match[2]);
  return limit > 0 && seconds > 0 ? { limit, windowMs: seconds * 1000 } : DEFAULT_REPORT_RATE_LIMIT;
}

/**
 * Per-network limit on new reports and recoveries ("it works again"), one allowance for both (an IPv4 address, an IPv6 /64: rotating
 * User-Agents does not buy a new allowance). Where the Workers Rate Limiting binding
 * is bound (production: `[[ratelimits]]` in wrangler.toml), it decides at the
 * edge without touching D1 (https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/).
 * Without it, the fallback counts the network's stored reports in the
 * window: one indexed read, no extra write.
 * Throws a `rate_limited` DomainError saying when to retry.
 */
export async function enforceReportRateLimit(
  env: Pick<Env, "REPORT_RATE_LIMITER" | "REPORT_RATE_LIMIT">,
  db: Database,
  network: string,
  nowMs: number,
): Promise<void> {
  if (env.REPORT_RATE_LIMITER) {
    const { success } = await env.REPORT_RATE_LIMITER.limit({ key: network });
    // The binding's period is 10 or 60 seconds; 60 is what wrangler.toml sets.
    if (!success) throw tooMany(60);
    return;
  }
  const policy = parseRateLimit(env.REPORT_RATE_LIMIT);
  const { count, oldest } = await networkWritesSince(db, network, nowMs - policy.windowMs);
  if (count >= policy.limit) {
    const retryAfterMs = (oldest ?? nowMs) + policy.windowMs - nowMs;
    throw tooMany(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
}

function tooMany(retryAfterSeconds: number): DomainError {
  return new DomainError(
    "rate_limited",
    "rate_limited",
    "Too many reports from your network in a short time; please wait before reporting again",
    undefined,
    retryAfterSeconds,
  );
}
