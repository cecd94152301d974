/**
 * The crowd signal: distinct reporters of one symptom class in trailing
 * windows, tested against the expected count. Expected = seasonal baseline for
 * the slot, scaled by today's level (observed / baseline over a lagged recent
 * range, damped and bounded), never below a small floor. While the baseline
 * is young the plain recent mean is a lower bound too, so a baseline learned
 * only from night hours cannot make a normal morning look like an outage.
 */
import type { BaselineProfile } from "./baseline";
import { DEFAULT_PARAMS, type DetectorParams, type SeriesParams } from "./params";
import { assessRegions, type RegionalAssessment } from "./regional";
import { negBinomialUpperTail } from "./stats";
import { MINUTE_MS, slotOfWeek } from "./time";
import { DRIVING_CLASSES, type DrivingClass, type Interval, type RegionalNetworkRow, type RollupRow } from "./types";

export interface WindowTest {
  windowMinutes: number;
  reporters: number;
  expected: number;
  pValue: number;
  regions: Map<string, number>;
}

export interface SeriesAssessment {
  /** The window with the smallest tail probability among those meeting the floors (else overall). */
  best: WindowTest | null;
  strong: boolean;
  moderate: boolean;
  /** Still noticeably above normal in the short calm windows: keeps an open episode from resolving. */
  active: boolean;
  /** Reporters above expectation in the dominance window: decides outage vs account wave. */
  excess: number;
  /** The level (reporters per minute) measured this time, to remember; null when it could not be measured. */
  level: number | null;
}

/** Window over which technical and account excesses are compared. */
const DOMINANCE_WINDOW_MINUTES = 15;

export interface CrowdInput {
  nowMs: number;
  rollups: readonly RollupRow[];
  profile: BaselineProfile | null;
  /** Per class, minutes overlapping these intervals are not counted at all (maintenance, and for accounts an outage). */
  blackouts: Record<DrivingClass, readonly Interval[]>;
  /** Minutes overlapping these are left out of the recent level only (episodes of that class). */
  levelExclusions: Record<DrivingClass, readonly Interval[]>;
  /** No data exist before this instant. */
  dataStartMs: number;
  /** Last level measured (reporters per minute), used when episodes hide every recent minute. */
  lastLevel: Record<DrivingClass, number | null>;
  /** The per-minute count of distinct people one network may contribute (NETWORK_REPORTER_CAP). */
  networkCap?: number;
  /** Distinct networks per minute and province (technical, counted), over the regional windows at least. */
  regionalNetworks?: readonly RegionalNetworkRow[];
  /** Provinces of the open regional outage (the regional test leaves them out of the rest of the country). */
  outageRegions?: readonly string[] | null;
}

export interface CrowdAssessment {
  technical: SeriesAssessment;
  account: SeriesAssessment;
  /** Null while its level is unknown (a state stored before merchant restrictions, right after an upgrade). */
  merchant: SeriesAssessment | null;
  /** The per-province test of the technical series. */
  regional: RegionalAssessment;
}

export function assessCrowd(input: CrowdInput, params: DetectorParams = DEFAULT_PARAMS): CrowdAssessment | null {
  const nowMinute = Math.floor(input.nowMs / MINUTE_MS);
  const span = params.recentFromMinutes;
  const first = nowMinute - span;
  const longestTest = Math.max(
    ...params.technical.windows,
    ...params.account.windows,
    ...params.merchant.windows,
    DOMINANCE_WINDOW_MINUTES,
  );

  const counts = {
    technical: new Float64Array(span),
    account: new Float64Array(span),
    merchant: new Float64Array(span),
  };
  const regionRows = {
    technical: [] as Array<[number, string, number]>,
    account: [] as Array<[number, string, number]>,
    merchant: [] as Array<[number, string, number]>,
  };
  /** All technical rows with a region and reporters, for the regional test (shares and windows). */
  const technicalRows: Array<[number, string, number]> = [];
  for (const row of input.rollups) {
    const i = row.minute - first;
    if (i < 0 || i >= span) continue;
    const cls = row.symptomClass;
    if (cls !== "technical" && cls !== "account" && cls !== "merchant") continue;
    counts[cls][i]! += row.reporters;
    if (i >= span - longestTest && row.reporters > 0) regionRows[cls].push([i, row.region, row.reporters]);
    if (cls === "technical" && row.reporters > 0) technicalRows.push([i, row.region, row.reporters]);
  }

  const dataStartIndex = Math.floor(input.dataStartMs / MINUTE_MS) - first;
  const result = {} as Record<DrivingClass, SeriesAssessment | null>;
  let technical: { blackout: Uint8Array; levelMask: Uint8Array; at: (i: number) => number } | null = null;
  for (const cls of DRIVING_CLASSES) {
    const blackout = minuteMask(first, span, input.blackouts[cls] ?? []);
    blackout.fill(1, 0, Math.max(0, Math.min(span, dataStartIndex)));
    const expectation = expectationFor(cls, input, counts[cls], blackout, first, params);
    if (!expectation) {
      if (cls === "merchant") {
        result[cls] = null;
        continue;
      }
      return null;
    }
    if (cls === "technical")
      technical = { blackout, levelMask: minuteMask(first, span, input.levelExclusions[cls]), at: expectation.at };
    // When technical reports are up as well (a festival evening: everyone pays, every symptom about twice as
    // often), account and merchant reports are judged against that busier hour, not against a usual one; only
    // when both rise about alike, so a wave's own few "payment failed" reports never hide the wave.
    let factor = 1;
    if (cls !== "technical" && technical) {
      const busy = busyRatio(counts.technical, technical, span, params);
      const own = busy > 1 ? busyRatio(counts[cls], { blackout, at: expectation.at }, span, params) : 1;
      if (busy > 1 && busy >= own * params.busyTogetherShare) factor = Math.min(busy, params.busyRatioMax);
    }
    const at = factor === 1 ? expectation.at : (i: number) => expectation.at(i) * factor;
    result[cls] = {
      ...assessSeries(params[cls], counts[cls], regionRows[cls], blackout, at, span, expectation.cv),
      level: expectation.level,
    };
  }
  const regional = assessRegions(
    {
      rows: technicalRows,
      counts: counts.technical,
      blackout: technical!.blackout,
      levelMask: technical!.levelMask,
      expectedAt: technical!.at,
      learned: input.profile?.regions ?? null,
      networkCap: input.networkCap,
      networks: input.regionalNetworks?.flatMap((r): Array<[number, string, string]> => {
        const i = r.minute - first;
        return i >= 0 && i < span && r.region !== "" ? [[i, r.region, r.network]] : [];
      }),
      outageRegions: input.outageRegions ?? null,
    },
    params,
  );
  return {
    technical: result.technical!,
    account: result.account!,
    merchant: result.merchant ?? null,
    regional,
  };
}

/**
 * How much busier than expected the technical series is over the last `busyWindowMinutes` (observed /
 * expected, damped by `recentPseudoCount`), at least 1.
 */
function busyRatio(
  counts: Float64Array,
  technical: { blackout: Uint8Array; at: (i: number) => number },
  span: number,
  params: DetectorParams,
): number {
  let observed = 0;
  let expected = 0;
  for (let i = Math.max(0, span - params.busyWindowMinutes); i < span; i++) {
    if (technical.blackout[i]) continue;
    observed += counts[i]!;
    expected += technical.at(i);
  }
  const a = params.recentPseudoCount;
  return Math.max(1, (observed + a) / (expected + a));
}

/** Per-minute expectation for one class and its dispersion, or null while nothing is known yet (warm-up). */
function expectationFor(
  cls: DrivingClass,
  input: CrowdInput,
  counts: Float64Array,
  blackout: Uint8Array,
  first: number,
  params: DetectorParams,
): { at: (i: number) => number; cv: number; level: number | null } | null {
  const span = counts.length;
  const seasonal = input.profile?.rates[cls] ?? null;
  const levelMask = minuteMask(first, span, input.levelExclusions[cls] ?? []);
  const excluded = (i: number) => blackout[i] === 1 || levelMask[i] === 1;
  const level = (fromAgo: number, toAgo: number) => {
    let observed = 0;
    let expected = 0;
    let minutes = 0;
    for (let i = Math.max(0, span - fromAgo); i < span - toAgo; i++) {
      if (excluded(i)) continue;
      observed += counts[i]!;
      if (seasonal) expected += seasonal[slotOfWeek(first + i)]!;
      minutes++;
    }
    return { observed, expected, minutes, mean: minutes >= 15 ? observed / minutes : null };
  };
  const recent = level(params.recentFromMinutes, params.recentToMinutes);
  const floor = params.minExpectedPerMinute;
  const a = params.recentPseudoCount;
  const ratio = Math.min(
    params.recentRatioMax,
    Math.max(params.recentRatioMin, (recent.observed + a) / (recent.expected + a)),
  );
  const mature = !!seasonal && (input.profile!.learnedMinutes[cls] ?? 0) >= params.matureBaselineMinutes;
  if (mature) {
    return {
      at: (i) => Math.max(seasonal[slotOfWeek(first + i)]! * ratio, floor),
      cv: params.expectedCv,
      level: recent.mean,
    };
  }

  // Young baseline: the latest level bounds the expectation from below, with a margin for growth.
  const latest = level(params.immatureFromMinutes, params.immatureToMinutes);
  const measured = recent.mean === null && latest.mean === null ? null : Math.max(recent.mean ?? 0, latest.mean ?? 0);
  const known = measured ?? input.lastLevel[cls] ?? null;
  if (known === null && !seasonal) return null;
  const lower = Math.max(known ?? 0, floor);
  const margin = params.immatureMargin;
  const at = seasonal
    ? (i: number) => Math.max(seasonal[slotOfWeek(first + i)]! * ratio, lower) * margin
    : () => lower * margin;
  // A level measured from n reporters is itself uncertain by about 1/sqrt(n): a sparse
  // series after a short history must not treat a handful of reports as a spike.
  const support = (recent.mean === null ? 0 : recent.observed) + (latest.mean === null ? 0 : latest.observed);
  const cv = measured === null ? params.immatureCv : Math.sqrt(params.immatureCv ** 2 + 1 / (support + 1));
  return { at, cv, level: measured };
}

/** 1 for each minute of [first, first + span) that overlaps one of the intervals. */
export function minuteMask(first: number, span: number, intervals: readonly Interval[]): Uint8Array {
  const mask = new Uint8Array(span);
  for (const x of intervals) {
    const from = Math.max(0, Math.floor(x.from / MINUTE_MS) - first);
    const to = Math.min(span, Math.ceil(x.to / MINUTE_MS) - first);
    if (to > from) mask.fill(1, from, to);
  }
  return mask;
}

function assessSeries(
  p: SeriesParams,
  counts: Float64Array,
  regionRows: ReadonlyArray<[number, string, number]>,
  blackout: Uint8Array,
  expectedAt: (i: number) => number,
  span: number,
  cv: number,
): Omit<SeriesAssessment, "level"> {
  const windows = [...new Set([...p.windows, ...p.calmWindows, DOMINANCE_WINDOW_MINUTES])].sort((a, b) => a - b);
  let best: WindowTest | null = null;
  let bestMeetsFloors = false;
  let strong = false;
  let moderate = false;
  let active = false;
  let excess = 0;
  for (const w of windows) {
    let reporters = 0;
    let expected = 0;
    let used = 0;
    for (let i = span - w; i < span; i++) {
      if (blackout[i]) continue;
      reporters += counts[i]!;
      expected += expectedAt(i);
      used++;
    }
    if (used === 0) continue;
    const regions = new Map<string, number>();
    for (const [i, region, n] of regionRows) {
      if (i >= span - w && !blackout[i] && region !== "") regions.set(region, (regions.get(region) ?? 0) + n);
    }
    const pValue = negBinomialUpperTail(Math.round(reporters), expected, cv);
    const test: WindowTest = { windowMinutes: w, reporters, expected, pValue, regions };
    if (w === DOMINANCE_WINDOW_MINUTES) excess = reporters - expected;
    if (p.calmWindows.includes(w) && reporters >= p.calmMinReporters && pValue < p.calmPValue) active = true;
    if (!p.windows.includes(w)) continue;
    // The region floor needs region data: when most reporters gave none, it cannot tell anything apart.
    let withRegion = 0;
    for (const n of regions.values()) withRegion += n;
    const regionFloor = regions.size >= p.minRegions || withRegion * 2 < reporters;
    const floors = reporters >= p.minReporters && regionFloor;
    if (floors && pValue < p.pValue) moderate = true;
    if (floors && reporters >= p.strongMinReporters && pValue < p.strongPValue) strong = true;
    if (!best || (floors && !bestMeetsFloors) || (floors === bestMeetsFloors && pValue < best.pValue)) {
      best = test;
      bestMeetsFloors = floors;
    }
  }
  return { best, strong, moderate, active, excess };
}
