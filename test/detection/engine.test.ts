import { describe, expect, it } from "vitest";
import { evaluateComponent, initialState, verdictFor } from "../../src/detection/engine";
import { rollupWindowMinutes } from "../../src/detection/params";
import type {
  DetectorState,
  EpisodeEvent,
  MaintenanceWindow,
  ProbeResultRow,
  RollupRow,
} from "../../src/detection/types";
import type { SymptomClass } from "../../src/domain/symptoms";

const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 12, 4, 0); // 12:00 in China
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC", "HB", "SD"];

type Traffic = (minute: number) => Array<{ cls: SymptomClass; reporters: number; region?: string }>;

/** Runs the detector once a minute for `minutes`, returning everything it said. */
function run(opts: {
  minutes: number;
  traffic: Traffic;
  probes?: (at: number) => ProbeResultRow[];
  maintenances?: MaintenanceWindow[];
}) {
  const rows: RollupRow[] = [];
  const probes: ProbeResultRow[] = [];
  let state: DetectorState = initialState(T0);
  const events: Array<EpisodeEvent & { minute: number }> = [];
  const statuses: string[] = [];
  const states: DetectorState[] = [];
  for (let i = 0; i < opts.minutes; i++) {
    const minute = T0 / MIN + i;
    const perRegion = new Map<string, RollupRow>();
    for (const t of opts.traffic(i)) {
      const region = t.region ?? "";
      const key = `${t.cls}|${region}`;
      const row = perRegion.get(key) ?? { minute, symptomClass: t.cls, region, reporters: 0, reports: 0 };
      row.reporters += t.reporters;
      row.reports += t.reporters;
      perRegion.set(key, row);
    }
    rows.push(...perRegion.values());
    probes.push(...(opts.probes?.(minute * MIN + 10_000) ?? []));
    const now = (minute + 1) * MIN;
    const result = evaluateComponent({
      now,
      rollups: rows.filter((r) => r.minute >= now / MIN - rollupWindowMinutes()),
      probes: probes.filter((p) => p.at >= now - 15 * MIN),
      maintenances: opts.maintenances ?? [],
      profile: null,
      state,
    });
    state = result.state;
    for (const e of result.events) events.push({ ...e, minute: i + 1 });
    statuses.push(result.status);
    states.push(state);
  }
  return { events, statuses, states, state };
}

/** About 1 technical and 2 account reporters a minute, spread over regions. */
const background: Traffic = (i) => [
  ...(i % 2 === 0 ? [{ cls: "technical" as const, reporters: 1, region: REGIONS[i % 8] }] : []),
  { cls: "account", reporters: 2, region: REGIONS[(i + 3) % 8] },
];

/** `perMinute` extra reporters of one class spread over all regions during [from, to). */
const spike =
  (cls: SymptomClass, perMinute: number, from: number, to: number): Traffic =>
  (i) =>
    i >= from && i < to
      ? REGIONS.map((region, k) => ({
          cls,
          region,
          reporters: Math.floor(perMinute / 8) + (k < perMinute % 8 ? 1 : 0),
        }))
      : [];

const both =
  (...ts: Traffic[]): Traffic =>
  (i) =>
    ts.flatMap((t) => t(i));

describe("detector", () => {
  it("stays quiet on ordinary traffic", () => {
    const r = run({ minutes: 240, traffic: background });
    expect(r.events).toEqual([]);
    expect(new Set(r.statuses)).toEqual(new Set(["operational"]));
  });

  it("opens an outage within two minutes of a sharp rise, names the evidence, and resolves after calm", () => {
    const r = run({ minutes: 240, traffic: both(background, spike("technical", 16, 120, 150)) });
    const opened = r.events.find((e) => e.type === "open")!;
    expect(opened.kind).toBe("outage");
    expect(opened.minute - 120).toBeLessThanOrEqual(2);
    expect(opened.evidence.source).toBe("crowd");
    expect(opened.evidence.reporters).toBeGreaterThanOrEqual(10);
    expect(opened.evidence.regions!.length).toBeGreaterThanOrEqual(2);
    // Crowd alone: partial outage at most.
    expect(r.statuses[opened.minute]).toBe("partial_outage");
    const resolved = r.events.find((e) => e.type === "resolve")!;
    expect(resolved.minute).toBeGreaterThan(150);
    expect(resolved.minute).toBeLessThanOrEqual(150 + 15);
    expect(r.events.filter((e) => e.type === "open")).toHaveLength(1);
    expect(r.state.recent).toHaveLength(1);
  });

  it("makes it a major outage when probes fail too", () => {
    const locs = ["hz", "sh", "bj"];
    const r = run({
      minutes: 200,
      traffic: both(background, spike("technical", 16, 120, 150)),
      probes: (at) => locs.map((location) => ({ location, at, ok: !(at >= T0 + 120 * MIN && at < T0 + 150 * MIN) })),
    });
    const opened = r.events.find((e) => e.type === "open")!;
    expect(opened.minute - 120).toBeLessThanOrEqual(2);
    expect(r.statuses[125]).toBe("major_outage");
  });

  it("opens from probes alone at night with no reports", () => {
    const locs = ["hz", "sh", "bj"];
    const r = run({
      minutes: 120,
      traffic: () => [],
      probes: (at) => locs.map((location) => ({ location, at, ok: !(at >= T0 + 60 * MIN && at < T0 + 90 * MIN) })),
    });
    const opened = r.events.find((e) => e.type === "open")!;
    expect(opened.evidence.source).toBe("probes");
    expect(opened.minute - 60).toBeLessThanOrEqual(2);
    expect(r.statuses[70]).toBe("major_outage");
    expect(r.events.some((e) => e.type === "resolve")).toBe(true);
  });

  it("never opens anything for four people reporting again and again", () => {
    // Repeats are not distinct reporters: four spammers are four reporters per half hour at most.
    const spam: Traffic = (i) =>
      i === 100 ? ["ZJ", "ZJ", "GD", "SH"].map((region) => ({ cls: "technical" as const, region, reporters: 1 })) : [];
    const r = run({ minutes: 200, traffic: both(background, spam) });
    expect(r.events).toEqual([]);
  });

  it("calls an account-symptom spike across regions an account wave, not an outage", () => {
    const r = run({ minutes: 300, traffic: both(background, spike("account", 12, 120, 260)) });
    const opened = r.events.filter((e) => e.type === "open");
    expect(opened.map((e) => e.kind)).toEqual(["account_wave"]);
    expect(opened[0]!.minute - 120).toBeLessThanOrEqual(10);
    expect(r.statuses[200]).toBe("degraded_performance");
    expect(verdictFor("account", r.states[200]!, [], T0 + 200 * MIN)).toBe("account_wave");
  });

  it("does not turn an outage's account-symptom share into an account wave", () => {
    const r = run({
      minutes: 260,
      traffic: both(background, spike("technical", 24, 120, 170), spike("account", 3, 120, 170)),
    });
    expect(r.events.filter((e) => e.type === "open").map((e) => e.kind)).toEqual(["outage"]);
  });

  it("attributes reports during a maintenance to it, also right after it ends", () => {
    const m = { id: "m1", startsAt: T0 + 100 * MIN, endsAt: T0 + 160 * MIN };
    // Reports during the window and a tail of stragglers after it.
    const tail: Traffic = (i) => (i >= 160 && i < 175 ? spike("technical", 8, 160, 175)(i) : []);
    const r = run({
      minutes: 260,
      traffic: both(background, spike("technical", 16, 100, 160), tail),
      maintenances: [m],
    });
    expect(r.events).toEqual([]);
    expect(r.statuses[130]).toBe("under_maintenance");
    expect(verdictFor("technical", r.states[130]!, [m], T0 + 130 * MIN)).toBe("maintenance");
    expect(r.statuses[170]).toBe("operational");
  });

  it("waits for the warm-up before trusting the crowd", () => {
    const r = run({ minutes: 60, traffic: both(background, spike("technical", 16, 5, 30)) });
    expect(r.events).toEqual([]);
    expect(initialState(T0).firstEvaluatedAt).toBe(T0);
  });
});
