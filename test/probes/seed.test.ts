import { describe, expect, it } from "vitest";
import { configuredProbes, DEFAULT_PROBES } from "../../src/probes/seed";

describe("configured probes", () => {
  it("keeps the default config offline-safe and falls back on a broken PROBES_CONFIG", () => {
    for (const probe of DEFAULT_PROBES) expect(probe.url.startsWith("/") || probe.enabled === false).toBe(true);
    expect(configuredProbes(undefined)).toBe(DEFAULT_PROBES);
    expect(configuredProbes("[]")).toEqual([]);
    expect(configuredProbes("{not json")).toBeNull();
    expect(configuredProbes('[{"id":"x"}]')).toBeNull();
  });
});
