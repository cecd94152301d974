/**
 * The regional test: every minute, every province's technical reporters in
 * trailing windows against what that province usually contributes. An outage
 * confined to one province (reports only from there, far above the province's
 * own level but only about twice the national one) never moves the national
 * test, which also asks for reporters from two regions; this test sees it.
 *
 * A province's expected count in a window is its share of the component's
 * reporters times the national expectation (its own usual level), raised by
 * the damped ratio by which the rest of the country is busier than usual (a
 * surge everywhere raises every province alike: festival evenings and a
 * national outage are not regional; the provinces of an open regional outage
 * are not "the rest"). The share is learned with the baseline (technical
 * reporters per province, outside episodes and maintenance) plus the last few
 * hours of rollups, shrunk toward an equal share (1 / provinces) by a
 * pseudo-count, so a province with little data is neither over- nor
 * under-trusted. Its uncertainty widens the test (negative binomial,
 * cv² = cv² + 1 / (reporters learned + pseudo-count)).
 *
 * Testing 34 provinces × several windows every minute multiplies the chances
 * of a fluke, so each tail probability is multiplied by the number of
 * provinces (Bonferroni); neighbouring pairs, tested together, by the number
 * of such pairs. A province (or pair) also needs `minReporters` reporters
 * from at least `minNetworks` distinct networks in the window (`networks`:
 * one network counts at most NETWORK_REPORTER_CAP people per component per 30
 * minutes, so a few networks rotating browsers stay below it however many
 * people they pretend to be). Without network rows (an older caller) the
 * floor is on reporters only: more than `minNetworks − 1` networks can send.
 * Pure.
 */
import type { BaselineProfile } from "./baseline";
import { areNeighbours, NEIGHBOUR_PAIRS } from "./neighbours";
import { DEFAULT_PARAMS, type DetectorParams } from "./params";
import { DEFAULT_NETWORK_REPORTER_CAP } from "./repeat";
import { negBinomialUpperTail } from "./stats";

export interface ProvinceTest {
  region: string;
  windowMinutes: number;
  reporters: number;
  expected: number;
  /** Corrected for the number of provinces tested (Bonferroni), at most 1. */
  pValue: number;
  /** Significant only together with the other province of the pair (see below)... */
  paired?: boolean;
  /** ...this one. */
  partner?: string;
}

export interface RegionalAssessment {
  /** Provinces significant this minute (after the correction, floors met), most reporters first. */
  significant: ProvinceTest[];
  /** Provinces still noticeably raised (uncorrected calm test): keeps an open regional outage open. */
  active: Set<string>;
  /**
   * With an open regional outage: whether the rest of the country (without its provinces) is significantly
   * above its own level too, at the national threshold and floor; the outage is then no longer confined.
   */
  restSignificant: boolean;
  /**
   * Whether the national test (its windows, floor and threshold) still holds without the provinces with the
   * most reporters (`concentratedProvinces`) and without reporters of no known province: a national outage
   * does; a spammer or an outage of one province or two neighbours does not.
   */
  nationalWithoutTop: boolean;
  /** Per province: reporters above its own usual level in the 15-minute window (for the concentration check). */
  excess15: Map<string, number>;
  /**
   * Whether the rest of the country, without the significant provinces and without reporters of no known
   * province, is noticeably above its own level too (uncorrected calm test in the calm windows): a
   * national outage whose first significant provinces are only the biggest ones. Unlike the share of the
   * national excess, this does not mistake a few stray reports elsewhere for a national rise.
   */
  restRaised: boolean;
}

export interface RegionalInput {
  /** Technical rollup rows as [minute index within the span, region, reporters], region "" when unknown. */
  rows: ReadonlyArray<[number, string, number]>;
  /** Technical reporters per minute index (all regions). */
  counts: Float64Array;
  /** Minutes not counted at all (maintenance and its grace, spent outages). */
  blackout: Uint8Array;
  /** Minutes left out of the recent share estimate (outage episodes). */
  levelMask: Uint8Array;
  /** National expected technical reporters per minute index. */
  expectedAt: (i: number) => number;
  /** Technical reporters learned per province (null before the first refresh). */
  learned: BaselineProfile["regions"] | null;
  networkCap?: number;
  /**
   * Distinct networks with counted technical reports as [minute index within the span, region, network], at
   * least over the longest of `windows`. Absent: the floor is on reporters only (see above).
   */
  networks?: ReadonlyArray<[number, string, string]>;
  /** Provinces of the open regional outage: their reporters are not part of "the rest of the country". */
  outageRegions?: readonly string[] | null;
}

const CONCENTRATION_WINDOW = 15;

export function assessRegions(input: RegionalInput, params: DetectorParams = DEFAULT_PARAMS): RegionalAssessment {
  const p = params.regional;
  const span = input.counts.length;
  const floor = input.networks
    ? p.minReporters
    : Math.max(p.minReporters, (p.minNetworks - 1) * (input.networkCap ?? DEFAULT_NETWORK_REPORTER_CAP) + 1);
  // Distinct networks of a province (or pair) in window w.
  const networksIn = (regions: readonly string[], w: number): number => {
    if (!input.networks) return Number.POSITIVE_INFINITY;
    const seen = new Set<string>();
    for (const [i, region, network] of input.networks)
      if (i >= span - w && i < span && !input.blackout[i] && regions.includes(region)) seen.add(network);
    return seen.size;
  };
  // What the province tests count: reporters, but each network at most once. People in a regional outage
  // are on many networks; a few networks rotating browsers (province spam) count as a few, however many
  // "reporters" they pretend to be, and cannot lean on a province's genuine background to pass the test.
  const counted = (regions: readonly string[], reporters: number, w: number): number =>
    Math.min(reporters, networksIn(regions, w));
  const longest = Math.max(...p.windows, ...p.calmWindows, CONCENTRATION_WINDOW);

  // Shares: learned reporters per province plus the recent minutes before the tested windows.
  const learned = new Map<string, number>(Object.entries(input.learned?.reporters ?? {}));
  let total = input.learned?.total ?? 0;
  const recentEnd = span - p.recentToMinutes;
  for (let i = 0; i < recentEnd; i++) {
    if (!input.blackout[i] && !input.levelMask[i]) total += input.counts[i]!;
  }
  const recentRows: Array<[number, string, number]> = [];
  for (const row of input.rows) {
    const [i, region, n] = row;
    if (i < recentEnd) {
      if (region !== "" && !input.blackout[i] && !input.levelMask[i])
        learned.set(region, (learned.get(region) ?? 0) + n);
    } else if (i >= span - longest && !input.blackout[i]) recentRows.push(row);
  }
  const k = p.sharePseudoCount;
  const shareOf = (region: string) => ((learned.get(region) ?? 0) + k / p.provinces) / (total + k);
  // Reporters without a known province (no location) could be from anywhere, the outage's own province
  // included: "the rest of the country" is only the reporters placed in other provinces, against the
  // share of the usual level that is placed at all.
  let placedLearned = 0;
  for (const n of learned.values()) placedLearned += n;
  const placedShare = Math.min(1, (placedLearned + k) / (total + k));

  const t = params.technical;
  const windows = [...new Set([...p.windows, ...p.calmWindows, ...t.windows, CONCENTRATION_WINDOW])].sort(
    (a, b) => a - b,
  );
  let nationalWithoutTop = false;
  const best = new Map<string, ProvinceTest>();
  const active = new Set<string>();
  const excess15 = new Map<string, number>();
  let restSignificant = false;
  const perWindow: Array<{ w: number; placed: number; expected: number; byRegion: Map<string, number> }> = [];
  for (const w of windows) {
    let national = 0;
    let expected = 0;
    for (let i = span - w; i < span; i++) {
      if (input.blackout[i]) continue;
      national += input.counts[i]!;
      expected += input.expectedAt(i);
    }
    const byRegion = new Map<string, number>();
    let placed = 0;
    for (const [i, region, n] of recentRows) {
      if (i >= span - w && region !== "") {
        byRegion.set(region, (byRegion.get(region) ?? 0) + n);
        placed += n;
      }
    }
    perWindow.push({ w, placed, expected, byRegion });
    if (t.windows.includes(w)) {
      // The national test again without the provinces with the most reporters (leave `concentratedProvinces`
      // out, a neighbouring pair being one outage) and without reporters of no known province (they may
      // be from those provinces).
      const ranked = [...byRegion.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const top = ranked.slice(0, 1);
      if (ranked[1] && ranked[0] && areNeighbours(ranked[0][0], ranked[1][0])) top.push(ranked[1]);
      let rest = national;
      let restShare = 1;
      for (const [region, x] of top) {
        rest -= x;
        restShare -= Math.min(0.95, shareOf(region));
      }
      const restExpected = Math.max(1e-6, Math.max(0.05, restShare) * expected);
      if (rest >= t.minReporters && negBinomialUpperTail(Math.round(rest), restExpected, params.expectedCv) < t.pValue)
        nationalWithoutTop = true;
    }
    if (input.outageRegions?.length && p.windows.includes(w)) {
      let restShare = placedShare;
      let rest = placed;
      for (const r of input.outageRegions) {
        restShare -= shareOf(r);
        rest -= byRegion.get(r) ?? 0;
      }
      const pRest = negBinomialUpperTail(Math.round(rest), Math.max(1e-6, restShare * expected), params.expectedCv);
      if (rest >= params.technical.minReporters && pRest < params.technical.pValue) restSignificant = true;
    }
    const tested: Array<{
      region: string;
      x: number;
      reporters: number;
      lambda: number;
      own: number;
      share: number;
      cv: number;
      pValue: number;
    }> = [];
    for (const [region, reporters] of byRegion) {
      const x = counted([region], reporters, w);
      const share = Math.min(0.95, shareOf(region));
      const own = share * expected;
      // The rest of the country, without the provinces of an open regional outage (not a national surge).
      let restShare = placedShare - share;
      let rest = placed - reporters;
      for (const r of input.outageRegions ?? []) {
        if (r === region) continue;
        restShare -= shareOf(r);
        rest -= byRegion.get(r) ?? 0;
      }
      const relative = own * surgeRatio(rest, Math.max(0.05, restShare) * expected, params);
      const lambda = Math.max(own, relative, 1e-6);
      const cv = Math.sqrt(p.cv ** 2 + 1 / ((learned.get(region) ?? 0) + k));
      const raw = negBinomialUpperTail(Math.round(x), lambda, cv);
      // Above its own usual level: these excesses add up to the national one (the shares sum to one).
      if (w === CONCENTRATION_WINDOW) excess15.set(region, reporters - own);
      if (p.calmWindows.includes(w) && x >= p.calmMinReporters && raw < p.calmPValue) active.add(region);
      const pValue = Math.min(1, raw * p.provinces);
      tested.push({ region, x, reporters, lambda, own, share, cv, pValue });
      if (!p.windows.includes(w) || x < floor || pValue >= p.pValue || networksIn([region], w) < p.minNetworks)
        continue;
      keep(best, { region, windowMinutes: w, reporters: x, expected: lambda, pValue });
    }
    if (!p.windows.includes(w) || tested.length < 2) continue;
    // Two neighbouring provinces together: an outage of a regional network or data centre splits its reporters
    // between them, each too few alone. Corrected for every neighbouring pair (NEIGHBOUR_PAIRS); both must be
    // above their expectation with `minPartnerReporters`, and a pair is kept only when it beats its stronger
    // province alone (a province does not borrow a neighbour's stray reports to pass the floor).
    const above = tested.filter((t) => t.x > t.lambda && t.x >= p.minPartnerReporters);
    for (let m = 0; m < above.length; m++) {
      for (let n = m + 1; n < above.length; n++) {
        const [a, b] = [above[m]!, above[n]!];
        const x = counted([a.region, b.region], a.x + b.x, w);
        if (!areNeighbours(a.region, b.region) || x < floor) continue;
        // Each province's share of "the rest of the country" must not count the other one's reporters.
        const rest = Math.max(0, placed - a.reporters - b.reporters);
        const ratio = surgeRatio(rest, Math.max(0.05, placedShare - a.share - b.share) * expected, params);
        const lambdaOf = (t: (typeof tested)[number]) => Math.max(t.own * ratio, 1e-6);
        const raw = negBinomialUpperTail(Math.round(x), lambdaOf(a) + lambdaOf(b), Math.max(a.cv, b.cv));
        const pair = Math.min(1, raw * NEIGHBOUR_PAIRS);
        if (pair >= Math.min(a.pValue, b.pValue)) continue;
        if (pair >= p.pValue || networksIn([a.region, b.region], w) < p.minNetworks) continue;
        for (const [t, other] of [
          [a, b],
          [b, a],
        ] as const)
          keep(best, {
            region: t.region,
            windowMinutes: w,
            reporters: t.x,
            expected: t.lambda,
            pValue: pair,
            paired: true,
            partner: other.region,
          });
      }
    }
  }
  const significant = [...best.values()]
    .filter((t) => t.pValue < p.pValue)
    .sort((a, b) => b.reporters - a.reporters || a.region.localeCompare(b.region));
  let restRaised = false;
  for (const { w, placed, expected, byRegion } of perWindow) {
    if (!p.calmWindows.includes(w) || significant.length === 0) continue;
    let rest = placed;
    let restShare = placedShare;
    for (const t of significant) {
      rest -= byRegion.get(t.region) ?? 0;
      restShare -= shareOf(t.region);
    }
    const lambda = Math.max(1e-6, restShare * expected);
    if (rest >= p.calmMinReporters && negBinomialUpperTail(Math.round(rest), lambda, params.expectedCv) < p.calmPValue)
      restRaised = true;
  }
  return { significant, active, restSignificant, nationalWithoutTop, excess15, restRaised };
}

function keep(best: Map<string, ProvinceTest>, test: ProvinceTest): void {
  const previous = best.get(test.region);
  if (!previous || test.pValue < previous.pValue) best.set(test.region, test);
}

/**
 * How much busier than usual the rest of the country is (observed / expected), damped by
 * `recentPseudoCount` like the recent level, at least 1: a few stray reports elsewhere do not
 * raise a province's expectation, a surge everywhere (a festival evening) does.
 */
function surgeRatio(rest: number, restExpected: number, params: DetectorParams): number {
  const a = params.recentPseudoCount;
  return Math.max(1, (Math.max(0, rest) + a) / (restExpected + a));
}
