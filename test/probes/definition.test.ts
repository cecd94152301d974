import { describe, expect, it } from "vitest";
import { agentPushSchema, probeInputSchema, probePatchSchema } from "../../src/probes/definition";

describe("probe definitions", () => {
  it("validates probe input and patches", () => {
    expect(probeInputSchema.safeParse({ component: "online-pay", name: "x", url: "https://a.example/" }).success).toBe(
      true,
    );
    expect(probeInputSchema.safeParse({ component: "online-pay", name: "x", url: "/demo/upstream" }).success).toBe(
      true,
    );
    expect(probeInputSchema.safeParse({ component: "online-pay", name: "x", url: "ftp://a.example/" }).success).toBe(
      false,
    );
    expect(
      probeInputSchema.safeParse({ component: "online-pay", name: "x", url: "https://a", interval_minutes: 61 })
        .success,
    ).toBe(false);
    expect(
      probeInputSchema.safeParse({
        component: "online-pay",
        name: "x",
        url: "https://a",
        expected_status_min: 300,
        expected_status_max: 200,
      }).success,
    ).toBe(false);
    expect(probePatchSchema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(probePatchSchema.safeParse({ headers: { authorization: "secret:PROBE_KEY" } }).success).toBe(true);
    expect(probePatchSchema.safeParse({ headers: { authorization: "secret:ADMIN_TOKEN" } }).success).toBe(false);
    expect(probePatchSchema.safeParse({ id: "new-id" }).success).toBe(false);
  });
  it("requires an error class exactly when a result failed", () => {
    const base = { probe_id: "p", checked_at: 1 };
    expect(agentPushSchema.safeParse({ results: [{ ...base, ok: true }] }).success).toBe(true);
    expect(agentPushSchema.safeParse({ results: [{ ...base, ok: false }] }).success).toBe(false);
    expect(agentPushSchema.safeParse({ results: [{ ...base, ok: false, error_class: "dns" }] }).success).toBe(true);
    expect(agentPushSchema.safeParse({ results: [{ ...base, ok: true, error_class: "dns" }] }).success).toBe(false);
    expect(
      agentPushSchema.parse({ results: [{ ...base, checked_at: "2026-03-10T00:00:00Z", ok: true }] }).results[0]!
        .checked_at,
    ).toBe(Date.parse("2026-03-10T00:00:00Z"));
  });
});
