/** Nearest-rank percentile (p in 0..100) of unsorted values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface CheckSummary {
  checks: number;
  failures: number;
  degraded: number;
  latencyP50: number | null;
  latencyP95: number | null;
}

/** Counts and latency percentiles of a set of checks. Latency comes from passing checks only: a timeout's latency is the timeout, not the service's speed. */
export function summarizeChecks(
  results: Iterable<{ ok: boolean; degraded: boolean; latencyMs: number | null }>,
): CheckSummary {
  let checks = 0;
  let failures = 0;
  let degraded = 0;
  const latencies: number[] = [];
  for (const r of results) {
    checks++;
    if (!r.ok) failures++;
    else if (r.degraded) degraded++;
    if (r.ok && r.latencyMs != null) latencies.push(r.latencyMs);
  }
  return { checks, failures, degraded, latencyP50: percentile(latencies, 50), latencyP95: percentile(latencies, 95) };
}
