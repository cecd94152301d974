import { describe, expect, it } from "vitest";
import { percentile, summarizeChecks } from "../../src/probes/stats";

describe("stats", () => {
  it("computes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
  it("takes latency from passing checks only", () => {
    const summary = summarizeChecks([
      { ok: true, degraded: false, latencyMs: 100 },
      { ok: true, degraded: true, latencyMs: 300 },
      { ok: false, degraded: false, latencyMs: 10_000 },
    ]);
    expect(summary).toEqual({ checks: 3, failures: 1, degraded: 1, latencyP50: 100, latencyP95: 300 });
  });
});
