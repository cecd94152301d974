import { describe, expect, it } from "vitest";
import { evaluateComponent, initialState, verdictFor } from "../../src/detection/engine";
import { areNeighbours, NEIGHBOUR_PAIRS } from "../../src/detection/neighbours";
import { rollupWindowMinutes } from "../../src/detection/params";
import { assessRegions } from "../../src/detection/regional";
import type { DetectorState, EpisodeEvent, RollupRow } from "../../src/detection/types";
import type { SymptomClass } from "../../src/domain/symptoms";

const MIN = 60_000;
const T0 = Date.UTC(2026, 9, 12, 4, 0); // 12:00 in China
const REGIONS = ["ZJ", "GD", "BJ", "SH", "JS", "SC", "HB", "SD"];

type Traffic = (minute: number) => Array<{ cls: SymptomClass; reporters: number; region?: string }>;

/** Runs the detector once a minute (no baseline profile), returning its events and states. */
function run(minutes: number, traffic: Traffic) {
  const rows: RollupRow[] = [];
  let state: DetectorState = initialState(T0);
  const events: Array<EpisodeEvent & { minute: number }> = [];
  const states: DetectorState[] = [];
  for (let i = 0; i < minutes; i++) {
    const minute = T0 / MIN + i;
    const perRegion = new Map<string, RollupRow>();
    for (const t of traffic(i)) {
      const region = t.region ?? "";
      const key = `${t.cls}|${region}`;
      const row = perRegion.get(key) ?? { minute, symptomClass: t.cls, region, reporters: 0, reports: 0 };
      row.reporters += t.reporters;
      row.reports += t.reporters;
      perRegion.set(key, row);
    }
    rows.push(...perRegion.values());
    const now = (minute + 1) * MIN;
    const result = evaluateComponent({
      now,
      rollups: rows.filter((r) => r.minute >= now / MIN - rollupWindowMinutes()),
      probes: [],
      maintenances: [],
      profile: null,
      state,
    });
    state = result.state;
    for (const e of result.events) events.push({ ...e, minute: i + 1 });
    states.push(state);
  }
  return { events, states, state };
}

/** Every class at its usual level, spread over the regions: 2 technical, 2 account, 1 merchant a minute. */
const background =
  (factor = 1): Traffic =>
  (i) => [
    { cls: "technical", reporters: factor, region: REGIONS[i % 8] },
    { cls: "technical", reporters: factor, region: REGIONS[(i + 4) % 8] },
    { cls: "account", reporters: factor, region: REGIONS[(i + 1) % 8] },
    { cls: "account", reporters: factor, region: REGIONS[(i + 5) % 8] },
    { cls: "merchant", reporters: factor, region: REGIONS[(i + 2) % 8] },
  ];

const both =
  (...ts: Traffic[]): Traffic =>
  (i) =>
    ts.flatMap((t) => t(i));

const opens = (r: ReturnType<typeof run>) => r.events.filter((e) => e.type === "open");

describe("the regional test (pure)", () => {
  /** 60 minutes of 2 technical reporters a minute over the regions, then `last` for the last 10 minutes. */
  function input(last: (i: number) => Array<[string, number]>) {
    const span = 180;
    const counts = new Float64Array(span);
    const rows: Array<[number, string, number]> = [];
    for (let i = 0; i < span; i++) {
      const cells: Array<[string, number]> =
        i >= span - 10
          ? last(i)
          : [
              [REGIONS[i % 8]!, 1],
              [REGIONS[(i + 4) % 8]!, 1],
            ];
      for (const [region, n] of cells) {
        rows.push([i, region, n]);
        counts[i]! += n;
      }
    }
    return {
      rows,
      counts,
      blackout: new Uint8Array(span),
      levelMask: new Uint8Array(span),
      expectedAt: () => 2,
      learned: null,
    };
  }
  const usual = (i: number): Array<[string, number]> => [
    [REGIONS[i % 8]!, 1],
    [REGIONS[(i + 4) % 8]!, 1],
  ];

  it("finds one province far above its own level and names it", () => {
    const a = assessRegions(input((i) => [...usual(i), ["GD", 2]]));
    expect(a.significant.map((t) => t.region)).toEqual(["GD"]);
    expect(a.significant[0]!.pValue).toBeLessThan(1e-6);
    expect(a.nationalWithoutTop).toBe(false);
  });

  it("ignores a surge everywhere with one province a little busier (a festival evening)", () => {
    const a = assessRegions(
      input((i) => [
        [REGIONS[i % 8]!, 2],
        [REGIONS[(i + 4) % 8]!, 2],
        [REGIONS[(i + 2) % 8]!, 2],
        [REGIONS[(i + 6) % 8]!, 2],
        ["GD", i % 2],
      ]),
    );
    expect(a.significant).toEqual([]);
  });

  it("ignores one province's spam from three networks (six reporters at most per half hour with cap 2)", () => {
    const a = assessRegions(input((i) => [...usual(i), ...(i === 175 ? [["ZJ", 6] as [string, number]] : [])]));
    expect(a.significant).toEqual([]);
  });

  it("tests neighbouring pairs together (two provinces, each too few alone)", () => {
    expect(areNeighbours("HB", "HN")).toBe(true);
    expect(areNeighbours("GD", "BJ")).toBe(false);
    expect(NEIGHBOUR_PAIRS).toBeGreaterThan(60);
    // Guangxi and Hunan, each below the floor (7 reporters) alone, together well above it.
    const a = assessRegions(input((i) => [...usual(i), [i % 2 ? "GX" : "HN", 1]]));
    expect(a.significant.map((t) => t.region).sort()).toEqual(["GX", "HN"]);
    expect(a.significant.every((t) => t.paired)).toBe(true);
  });

  /** The distinct networks of the last minutes: `count` networks of `regions`, one a minute in turn. */
  const networks = (regions: string[], count: number): Array<[number, string, string]> =>
    Array.from({ length: 10 }, (_, k) => [170 + k, regions[k % regions.length]!, `net-${k % count}`]);

  it("counts each network once: three cannot open a regional outage, however many reporters they send", () => {
    // Twelve reporters in Zhejiang (far above its level), all from three networks (a cap raised, a big NAT).
    const spike = (i: number): Array<[string, number]> => [
      ...usual(i),
      ...(i >= 172 ? [["ZJ", 2] as [string, number]] : []),
    ];
    expect(assessRegions({ ...input(spike), networks: networks(["ZJ"], 3) }).significant).toEqual([]);
    // Four networks count as four, below the floor of five.
    expect(assessRegions({ ...input(spike), networks: networks(["ZJ"], 4) }).significant).toEqual([]);
    // The same reporters each on a network of their own: a regional outage.
    const own: Array<[number, string, string]> = [];
    for (let i = 170; i < 180; i++)
      spike(i).forEach(([region, n], cell) => {
        for (let k = 0; k < n; k++) if (region === "ZJ") own.push([i, region, `own-${i}-${cell}-${k}`]);
      });
    const many = assessRegions({ ...input(spike), networks: own });
    expect(many.significant.map((t) => t.region)).toEqual(["ZJ"]);
    expect(many.significant[0]!.reporters).toBeGreaterThanOrEqual(5);
  });

  it("opens with five reporters of a quiet province on five networks (below the reporter-only floor of seven)", () => {
    const five = (i: number): Array<[string, number]> => [
      ...usual(i),
      ...(i >= 175 ? [["FJ", 1] as [string, number]] : []),
    ];
    expect(assessRegions(input(five)).significant).toEqual([]);
    const a = assessRegions({ ...input(five), networks: networks(["FJ"], 5) });
    expect(a.significant.map((t) => t.region)).toEqual(["FJ"]);
    expect(assessRegions({ ...input(five), networks: networks(["FJ"], 4) }).significant).toEqual([]);
  });

  it("counts a neighbouring pair's networks across both provinces together", () => {
    const pair = (i: number): Array<[string, number]> => [...usual(i), [i % 2 ? "GX" : "HN", 1]];
    expect(assessRegions({ ...input(pair), networks: networks(["GX", "HN"], 4) }).significant).toEqual([]);
    const a = assessRegions({ ...input(pair), networks: networks(["GX", "HN"], 5) });
    expect(a.significant.map((t) => t.region).sort()).toEqual(["GX", "HN"]);
  });
});

describe("regional outages, merchant restrictions and sharp waves (detector)", () => {
  it("opens a regional outage naming the province within 10 minutes, and only reporters there are in it", () => {
    const outage: Traffic = (i) => (i >= 120 && i < 200 ? [{ cls: "technical", reporters: 2, region: "GD" }] : []);
    const r = run(260, both(background(), outage));
    const opened = opens(r);
    expect(opened.map((e) => e.kind)).toEqual(["outage"]);
    expect(opened[0]!.minute - 120).toBeLessThanOrEqual(10);
    expect(r.states[150]!.open.outage!.regions).toEqual(["GD"]);
    expect(opened[0]!.evidence.provinces).toEqual(["GD"]);
    const at = T0 + 150 * MIN;
    expect(verdictFor("technical", r.states[150]!, [], at, "GD")).toBe("outage");
    expect(verdictFor("technical", r.states[150]!, [], at, "BJ")).not.toBe("outage");
  });

  it("opens nothing for a national surge with a regional skew (everything about twice as busy)", () => {
    const skew: Traffic = (i) => (i >= 120 ? [{ cls: "technical", reporters: i % 3 === 0 ? 1 : 0, region: "GD" }] : []);
    const r = run(300, (i) => (i >= 120 ? both(background(2), skew)(i) : background()(i)));
    expect(opens(r)).toEqual([]);
  });

  it("opens nothing for one province's spam from three networks", () => {
    // Each network counts at most 2 reporters per component per 30 minutes: 6 at once, again half an hour later.
    const spam: Traffic = (i) => (i === 120 || i === 150 ? [{ cls: "technical", reporters: 6, region: "ZJ" }] : []);
    const r = run(240, both(background(), spam));
    expect(opens(r)).toEqual([]);
  });

  it("opens a merchant restriction for a rise of merchant symptoms, with its own verdict kind", () => {
    const wave: Traffic = (i) =>
      i >= 120 && i < 260
        ? [
            ...REGIONS.map((region) => ({ cls: "merchant" as const, reporters: 1, region })),
            ...(i % 4 === 0 ? [{ cls: "technical" as const, reporters: 1, region: "SH" }] : []),
          ]
        : [];
    const r = run(300, both(background(), wave));
    const opened = opens(r);
    expect(opened.map((e) => e.kind)).toEqual(["merchant_restriction"]);
    expect(opened[0]!.minute - 120).toBeLessThanOrEqual(10);
    const state = r.states[200]!;
    expect(verdictFor("merchant", state, [], T0 + 200 * MIN)).toBe("merchant_restriction");
    expect(verdictFor("technical", state, [], T0 + 200 * MIN)).not.toBe("merchant_restriction");
  });

  it("opens a sharp account wave (a policy change) within 5 minutes", () => {
    const wave: Traffic = (i) =>
      i >= 120 && i < 260 ? REGIONS.map((region) => ({ cls: "account" as const, reporters: 2, region })) : [];
    const r = run(300, both(background(), wave));
    const opened = opens(r);
    expect(opened.map((e) => e.kind)).toEqual(["account_wave"]);
    expect(opened[0]!.minute - 120).toBeLessThanOrEqual(5);
  });
});
