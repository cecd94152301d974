import { describe, expect, it } from "vitest";
import { classifyFetchError, classifyResponse } from "../src/probes/classify";
import {
  declaredDay,
  mergeDay,
  probeStatus,
  type RawCheck,
  rollupComponentDays,
  rollupProbeDays,
} from "../src/probes/daily";
import { dayBounds, lastDays } from "../src/probes/days";
import { agentPushSchema, probeInputSchema, probePatchSchema } from "../src/probes/definition";
import { resolveHeaders } from "../src/probes/headers";
import { overdueBy, selectDue, slotOf } from "../src/probes/schedule";
import { configuredProbes, DEFAULT_PROBES } from "../src/probes/seed";
import { percentile, summarizeChecks } from "../src/probes/stats";
import { bearerToken, hashToken, newAgentToken } from "../src/probes/token";

const TZ = "Asia/Shanghai";
const MIN = 60_000;
const spec = {
  expectedStatusMin: 200,
  expectedStatusMax: 299,
  bodyMustContain: null,
  bodyMustNotContain: null,
  latencyThresholdMs: null,
};

describe("classifyResponse", () => {
  it("passes a 2xx answer and marks slow answers degraded", () => {
    expect(classifyResponse(spec, 200, null, 50)).toEqual({ ok: true, degraded: false, errorClass: null });
    expect(classifyResponse({ ...spec, latencyThresholdMs: 100 }, 204, null, 150)).toEqual({
      ok: true,
      degraded: true,
      errorClass: null,
    });
  });
  it("fails a status outside the range as http_status", () => {
    expect(classifyResponse(spec, 503, "", 10).errorClass).toBe("http_status");
    expect(classifyResponse(spec, 301, "", 10).errorClass).toBe("http_status");
    expect(classifyResponse({ ...spec, expectedStatusMax: 399 }, 301, "", 10).ok).toBe(true);
  });
  it("fails a missing required text or a present forbidden text as keyword", () => {
    expect(classifyResponse({ ...spec, bodyMustContain: "收银台" }, 200, "<html>系统繁忙</html>", 10).errorClass).toBe(
      "keyword",
    );
    expect(classifyResponse({ ...spec, bodyMustContain: "收银台" }, 200, "<html>收银台</html>", 10).ok).toBe(true);
    expect(
      classifyResponse({ ...spec, bodyMustNotContain: "系统繁忙" }, 200, "系统繁忙，请稍后再试", 10).errorClass,
    ).toBe("keyword");
  });
});

describe("classifyFetchError", () => {
  it("recognises timeouts from workerd and Node", () => {
    expect(classifyFetchError(new DOMException("The operation was aborted due to timeout", "TimeoutError"))).toBe(
      "timeout",
    );
    expect(
      classifyFetchError(
        Object.assign(new TypeError("fetch failed"), {
          cause: { code: "UND_ERR_CONNECT_TIMEOUT", message: "Connect Timeout Error" },
        }),
      ),
    ).toBe("timeout");
  });
  it("recognises DNS, TLS and connection failures", () => {
    expect(
      classifyFetchError(
        Object.assign(new TypeError("fetch failed"), {
          cause: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND x.invalid" },
        }),
      ),
    ).toBe("dns");
    expect(classifyFetchError(new Error("DNS lookup failed"))).toBe("dns");
    expect(
      classifyFetchError(
        Object.assign(new TypeError("fetch failed"), {
          cause: { code: "CERT_HAS_EXPIRED", message: "certificate has expired" },
        }),
      ),
    ).toBe("tls");
    expect(classifyFetchError(new Error("TLS peer's certificate is not trusted"))).toBe("tls");
    expect(classifyFetchError(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }))).toBe(
      "connect",
    );
    expect(classifyFetchError(new TypeError("Network connection lost."))).toBe("connect");
  });
});

describe("resolveHeaders", () => {
  it("reads secret:NAME values from the secrets and keeps the rest", () => {
    expect(
      resolveHeaders({ authorization: "secret:PROBE_KEY", accept: "text/html" }, (n) =>
        n === "PROBE_KEY" ? "Bearer s3cret" : undefined,
      ),
    ).toEqual({
      authorization: "Bearer s3cret",
      accept: "text/html",
    });
  });
  it("refuses to send a placeholder when the secret is missing", () => {
    expect(() => resolveHeaders({ authorization: "secret:NOPE" }, () => undefined)).toThrow(/NOPE/);
  });
});

describe("due selection", () => {
  const minute = 29_000_000; // an epoch minute
  it("runs a never-run probe at once and not twice in one minute", () => {
    expect(overdueBy({ id: "a", intervalMinutes: 5, lastRunAt: null }, minute)).toBeGreaterThan(0);
    expect(overdueBy({ id: "a", intervalMinutes: 1, lastRunAt: minute * MIN + 5_000 }, minute)).toBe(-1);
  });
  it("runs an every-minute probe every minute", () => {
    expect(overdueBy({ id: "a", intervalMinutes: 1, lastRunAt: (minute - 1) * MIN }, minute)).toBe(0);
  });
  it("runs a 5-minute probe only in its slot, or when it missed it", () => {
    const slot = slotOf("p5", 5);
    const dueMinute = minute - (minute % 5) + slot + 5;
    const probe = { id: "p5", intervalMinutes: 5, lastRunAt: (dueMinute - 5) * MIN };
    expect(overdueBy(probe, dueMinute)).toBe(0);
    for (let m = dueMinute - 4; m < dueMinute; m++) expect(overdueBy(probe, m)).toBe(-1);
    expect(overdueBy({ ...probe, lastRunAt: (dueMinute - 8) * MIN }, dueMinute + 1)).toBe(4);
  });
  it("spreads many 5-minute probes over the five minutes, each once per interval", () => {
    // Start from a cold start (never run): afterwards each probe settles into its slot.
    const probes = Array.from({ length: 100 }, (_, i) => ({
      id: `probe-${i}`,
      intervalMinutes: 5,
      lastRunAt: null as number | null,
    }));
    const runsPerMinute: number[] = [];
    for (let m = minute; m < minute + 20; m++) {
      const due = selectDue(probes, m, 1000);
      for (const probe of due) probe.lastRunAt = m * MIN;
      runsPerMinute.push(due.length);
    }
    expect(runsPerMinute[0]).toBe(100);
    const settled = runsPerMinute.slice(10, 15);
    expect(settled.reduce((a, b) => a + b, 0)).toBe(100);
    for (const count of settled) expect(count).toBeLessThan(40);
  });
  it("caps a run and takes the most overdue first", () => {
    const probes = [
      { id: "fresh", intervalMinutes: 1, lastRunAt: (minute - 1) * MIN },
      { id: "late", intervalMinutes: 1, lastRunAt: (minute - 30) * MIN },
      { id: "later", intervalMinutes: 1, lastRunAt: (minute - 60) * MIN },
    ];
    expect(selectDue(probes, minute, 2).map((p) => p.id)).toEqual(["later", "late"]);
  });
});

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

describe("days in Asia/Shanghai", () => {
  it("bounds a local day at 16:00 UTC", () => {
    const { start, end } = dayBounds("2026-03-10", TZ);
    expect(new Date(start).toISOString()).toBe("2026-03-09T16:00:00.000Z");
    expect(end - start).toBe(86_400_000);
  });
  it("lists the last days oldest first, by local date", () => {
    expect(lastDays(Date.parse("2026-03-09T16:30:00Z"), 3, TZ)).toEqual(["2026-03-08", "2026-03-09", "2026-03-10"]);
  });
});

describe("daily rollups", () => {
  const check = (probeId: string, iso: string, ok: boolean, latencyMs: number | null = 100): RawCheck => ({
    probeId,
    componentId: "online-pay",
    checkedAt: Date.parse(iso),
    ok,
    degraded: false,
    latencyMs,
  });
  it("splits checks at local midnight, not UTC midnight", () => {
    const days = rollupProbeDays(
      [check("a", "2026-03-09T15:59:00Z", false), check("a", "2026-03-09T16:01:00Z", true)],
      TZ,
    );
    expect(days.map((d) => [d.day, d.checks, d.failures])).toEqual([
      ["2026-03-09", 1, 1],
      ["2026-03-10", 1, 0],
    ]);
  });
  it("leaves checks inside maintenance out of the component's day", () => {
    const checks = [check("a", "2026-03-10T01:00:00Z", false), check("a", "2026-03-10T03:00:00Z", true)];
    const maintenance = new Map([
      ["online-pay", [{ from: Date.parse("2026-03-10T00:30:00Z"), to: Date.parse("2026-03-10T01:30:00Z") }]],
    ]);
    const [day] = rollupComponentDays(checks, maintenance, TZ, Date.parse("2026-03-11T00:00:00Z"), (d) =>
      dayBounds(d, TZ),
    );
    expect(day).toMatchObject({
      day: "2026-03-10",
      checks: 1,
      failures: 0,
      uptimePct: 100,
      worstStatus: "operational",
    });
  });
  it("maps failure shares to statuses", () => {
    expect(probeStatus(0, 0)).toBe("operational");
    expect(probeStatus(0.001, 0)).toBe("degraded_performance");
    expect(probeStatus(0.05, 0)).toBe("partial_outage");
    expect(probeStatus(0.5, 0)).toBe("major_outage");
  });
  it("weighs declared outages like Statuspage and lets the worse source win", () => {
    const bounds = dayBounds("2026-03-10", TZ);
    const declared = declaredDay(
      [
        { from: bounds.start + 60 * MIN, to: bounds.start + 120 * MIN, status: "major_outage" },
        { from: bounds.start + 90 * MIN, to: bounds.start + 190 * MIN, status: "partial_outage" },
        { from: bounds.start + 600 * MIN, to: bounds.start + 660 * MIN, status: "under_maintenance" },
      ],
      bounds,
      bounds.end + 1,
    );
    // 60 min major + 70 min partial (the overlap counts once, as major).
    expect(declared.downtimeMinutes).toBe(130);
    expect(declared.maintenanceMinutes).toBe(60);
    expect(declared.worstStatus).toBe("major_outage");
    expect(declared.uptimePct).toBe(Math.floor(100 * (1 - (60 + 0.3 * 70) / 1440) * 100) / 100);
    const merged = mergeDay(
      "2026-03-10",
      {
        checks: 10,
        failures: 0,
        latencyP50: 80,
        latencyP95: 90,
        uptimePct: 100,
        worstStatus: "operational",
        downtimeMinutes: 0,
        degradedMinutes: 0,
      },
      declared,
    );
    expect(merged.uptime_pct).toBe(declared.uptimePct);
    expect(merged.worst_status).toBe("major_outage");
    expect(merged.checks).toBe(10);
  });
  it("counts an open incident up to now only", () => {
    const bounds = dayBounds("2026-03-10", TZ);
    const now = bounds.start + 120 * MIN;
    const declared = declaredDay([{ from: bounds.start + 60 * MIN, to: null, status: "major_outage" }], bounds, now);
    expect(declared.downtimeMinutes).toBe(60);
    expect(declared.uptimePct).toBe(50);
  });
});

describe("definitions and tokens", () => {
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
  it("keeps the default config offline-safe and falls back on a broken PROBES_CONFIG", () => {
    for (const probe of DEFAULT_PROBES) expect(probe.url.startsWith("/") || probe.enabled === false).toBe(true);
    expect(configuredProbes(undefined)).toBe(DEFAULT_PROBES);
    expect(configuredProbes("[]")).toEqual([]);
    expect(configuredProbes("{not json")).toBeNull();
    expect(configuredProbes('[{"id":"x"}]')).toBeNull();
  });
  it("makes distinct tokens and hashes them", async () => {
    const a = newAgentToken();
    expect(a).toMatch(/^pa_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newAgentToken());
    expect(await hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(bearerToken(`Bearer ${a}`)).toBe(a);
    expect(bearerToken("Basic xyz")).toBeNull();
  });
});
