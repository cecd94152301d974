/**
 * The regional test: every minute, every province's technical reporters in
 * trailing windows against what that province usually contributes. An outage
 * confined to one province (reports only from there, far above the province's
 * own level but only about twice the national one) never moves the national
 * test, which also asks for reporters from two regions; this test sees it.
 *
 * A province's expected count in a window is the larger of
 * - its share of the component's reporters times the national expectation
 *   (its own usual level), and
 * - its share of the reporters the rest of the country sent in the same
 *   window (a surge everywhere raises every province alike: festival evenings
 *   and a national outage are not regional);
 * the share is learned with the baseline (technical reporters per province,
 * outside episodes and maintenance) plus the last few hours of rollups, shrunk
 * toward an equal share (1 / provinces) by a pseudo-count, so a province with
 * little data is neither over- nor under-trusted. Its uncertainty widens the
 * test (negative binomial, cv² = cv² + 1 / (reporters learned + pseudo-count)).
 *
 * Testing 34 provinces × several windows every minute multiplies the chances
 * of a fluke, so each tail probability is multiplied by the number of
 * provinces (Bonferroni) before it is compared with the national threshold.
 * A province also needs several distinct reporters, and since one network
 * counts at most NETWORK_REPORTER_CAP people per component per 30 minutes,
 * the reporter floor is raised to `minNetworks × cap` so they come from at
 * least `minNetworks` networks. Pure.
 */
import type { BaselineProfile } from "./baseline";
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
}

export interface RegionalAssessment {
  /** Provinces significant this minute (after the correction, floors met), most reporters first. */
  significant: ProvinceTest[];
  /** Provinces still noticeably raised (uncorrected calm test): keeps an open regional outage open. */
  active: Set<string>;
  /** Per province: reporters above expectation in the 15-minute window (for the concentration check). */
  excess15: Map<string, number>;
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
}

const CONCENTRATION_WINDOW = 15;

export function assessRegions(input: RegionalInput, params: DetectorParams = DEFAULT_PARAMS): RegionalAssessment {
  const p = params.regional;
  const span = input.counts.length;
  const floor = Math.max(p.minReporters, p.minNetworks * (input.networkCap ?? DEFAULT_NETWORK_REPORTER_CAP));
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

  const windows = [...new Set([...p.windows, ...p.calmWindows, CONCENTRATION_WINDOW])].sort((a, b) => a - b);
  const best = new Map<string, ProvinceTest>();
  const active = new Set<string>();
  const excess15 = new Map<string, number>();
  for (const w of windows) {
    let national = 0;
    let expected = 0;
    for (let i = span - w; i < span; i++) {
      if (input.blackout[i]) continue;
      national += input.counts[i]!;
      expected += input.expectedAt(i);
    }
    const byRegion = new Map<string, number>();
    for (const [i, region, n] of recentRows) {
      if (i >= span - w && region !== "") byRegion.set(region, (byRegion.get(region) ?? 0) + n);
    }
    for (const [region, x] of byRegion) {
      const share = Math.min(0.95, shareOf(region));
      const own = share * expected;
      const relative = (share / (1 - share)) * Math.max(0, national - x);
      const lambda = Math.max(own, relative, 1e-6);
      const cv = Math.sqrt(p.cv ** 2 + 1 / ((learned.get(region) ?? 0) + k));
      const raw = negBinomialUpperTail(Math.round(x), lambda, cv);
      if (w === CONCENTRATION_WINDOW) excess15.set(region, x - lambda);
      if (p.calmWindows.includes(w) && x >= p.calmMinReporters && raw < p.calmPValue) active.add(region);
      if (!p.windows.includes(w) || x < floor) continue;
      const pValue = Math.min(1, raw * p.provinces);
      const previous = best.get(region);
      if (!previous || pValue < previous.pValue)
        best.set(region, { region, windowMinutes: w, reporters: x, expected: lambda, pValue });
    }
  }
  const significant = [...best.values()]
    .filter((t) => t.pValue < p.pValue)
    .sort((a, b) => b.reporters - a.reporters || a.region.localeCompare(b.region));
  return { significant, active, excess15 };
}
