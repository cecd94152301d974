/**
 * Every tunable of the detector in one place, with the reasoning an operator
 * needs to change them (docs/detection.md explains the method around them).
 */

/** Thresholds for one symptom series (technical → outage, account → account wave). */
export interface SeriesParams {
  /** Trailing windows tested every minute, in minutes; short ones catch sharp rises, long ones slow ramps. */
  windows: number[];
  /** Floor: distinct reporters in the window before anything counts as a signal. */
  minReporters: number;
  /** Floor: distinct known regions among those reporters (waived when most reporters gave no region). */
  minRegions: number;
  /** Tail probability below which a window is anomalous; needs `confirmEvaluations` in a row. */
  pValue: number;
  /** Consecutive anomalous evaluations (minutes) before an episode opens on moderate evidence. */
  confirmEvaluations: number;
  /** Overwhelming evidence opens at once: this many reporters and a tail probability below `strongPValue`. */
  strongMinReporters: number;
  strongPValue: number;
  /** While an episode is open, a window still counts as "active" below this tail probability... */
  calmPValue: number;
  /** ...with at least this many reporters; otherwise the minute is calm. */
  calmMinReporters: number;
  /** Windows used for the calm check (short, so the episode ends soon after the signal does). */
  calmWindows: number[];
  /** Consecutive calm minutes before the episode resolves. */
  calmMinutes: number;
}

export interface ProbeParams {
  /** Only results this recent describe a location; older ones mean "unknown". */
  windowMinutes: number;
  /** A location is down after this many consecutive failed checks. */
  failuresToDown: number;
  /** An outage needs at least this many locations down (one flapping location is never enough). */
  minDownLocations: number;
  /** With at least this many locations, all of them failing their latest check opens at once. */
  allFailingMinLocations: number;
  /** Right after a maintenance, a location is down only once its post-maintenance failures span this many minutes. */
  graceDownMinutes: number;
}

export interface BaselineParams {
  /** Pseudo-minutes pulling a time-of-day slot toward the component's overall mean. */
  dayShrinkMinutes: number;
  /**
   * A time-of-day estimate widens to neighbouring slots (up to ±maxNeighbourSlots)
   * until it rests on this many reporters: sparse series get a smoother, steadier
   * curve instead of noise that would make an ordinary evening look anomalous.
   */
  minSupportReporters: number;
  maxNeighbourSlots: number;
  /** Pseudo-minutes pulling a slot of the week toward its time-of-day estimate. */
  weekShrinkMinutes: number;
  /** Per slot of the week, old data are down-weighted once this many minutes are stored (forgetting). */
  maxSlotMinutes: number;
  /** Minutes are learned only once they are this old, so an episode has had time to be detected. */
  learnLagMinutes: number;
  /** Minutes before a detected episode's opening that are kept out of learning (the undetected rise). */
  excludeBeforeEpisodeMinutes: number;
  /** Minutes after an episode or a maintenance that are kept out of learning (the tail). */
  excludeAfterMinutes: number;
}

/**
 * Recoveries ("it works again") as evidence that an open outage is over. They
 * only ever shorten the calm wait, never open or hold anything, and only
 * together with falling reports: a few recoveries, or many while reports are
 * still coming in, change nothing. Probes in outage always hold the episode.
 */
export interface RecoveryParams {
  /** Distinct people who said it works again are counted over this trailing window (minutes). */
  windowMinutes: number;
  /** At least this many of them in the window... */
  minRecoveries: number;
  /** ...and at least this many times the technical reporters of the last `fallingWindowMinutes`. */
  minRatio: number;
  /** Reports are falling when the technical reporters of this trailing window (minutes)... */
  fallingWindowMinutes: number;
  /** ...are at most this share of the busiest such window since the outage opened. */
  fallingShare: number;
  /** Minutes that are calm or recovering in a row before the outage resolves, when the latest one is recovering. */
  calmMinutes: number;
}

/**
 * The per-province test of the technical series (regional outages). Each
 * province's expected count is its share of the component's reporters (learned
 * with the baseline, shrunk toward an equal share where data are thin) times
 * the national expectation, or its share of the rest of the country's reporters
 * in the same window, whichever is larger: a surge everywhere raises every
 * province's expectation alike, so only a province that rises on its own counts.
 */
export interface RegionalParams {
  /** Trailing windows tested for every province, in minutes (shorter than the 30-minute network window, so three networks cannot send their share twice). */
  windows: number[];
  /** Provinces tested every minute: the tail probability is multiplied by this (Bonferroni). */
  provinces: number;
  /** Significance after the correction (the same budget as a national test). */
  pValue: number;
  /** Floor: distinct reporters of the province in the window... */
  minReporters: number;
  /**
   * ...and distinct networks: one network counts at most NETWORK_REPORTER_CAP
   * reporters per component per 30 minutes, so the floor on reporters is at
   * more than `(minNetworks − 1) × cap` (only `minNetworks` networks can send that many).
   */
  minNetworks: number;
  /** A province joins a neighbour in the pair test with at least this many reporters in the window. */
  minPartnerReporters: number;
  /** Minutes in a row with a significant province before a regional outage opens... */
  confirmEvaluations: number;
  /** ...unless its corrected tail probability is below this: then it opens at once. */
  strongPValue: number;
  /** Pseudo-reporters pulling a province's share toward an equal share (1 / provinces). */
  sharePseudoCount: number;
  /** Relative uncertainty of a province's expected count (on top of the share's own: 1 / √(reporters learned)). */
  cv: number;
  /** The excess in the significant provinces must be at least this share of the national excess to call it regional. */
  concentration: number;
  /**
   * A national rise whose excess comes mostly (`concentration`) from at most this many provinces is
   * left to the regional test (floors on networks included) instead of opening as national.
   */
  concentratedProvinces: number;
  /** At most this many provinces make a regional outage; more is national. */
  maxProvinces: number;
  /** An open regional outage stays active while one of its provinces has this many reporters... */
  calmMinReporters: number;
  /** ...below this uncorrected tail probability in `calmWindows`. */
  calmPValue: number;
  calmWindows: number[];
  /** Shares are learned from the minutes [now - recentFromMinutes, now - recentToMinutes) too (young baselines). */
  recentToMinutes: number;
}

export interface DetectorParams {
  technical: SeriesParams;
  account: SeriesParams;
  /** merchant_unsupported reports (→ merchant restriction): like account waves. */
  merchant: SeriesParams;
  regional: RegionalParams;
  probes: ProbeParams;
  recovery: RecoveryParams;
  baseline: BaselineParams;
  /** Extra relative uncertainty of the expected count (negative-binomial dispersion): 0.2 = ±20 %. */
  expectedCv: number;
  /** Expected distinct reporters per minute never goes below this (keeps the night test sane). */
  minExpectedPerMinute: number;
  /** The recent level (for today's scale) is read from minutes [now-recentFrom, now-recentTo). */
  recentFromMinutes: number;
  recentToMinutes: number;
  /** Pseudo-count of reporters that damps the recent-level ratio when counts are small. */
  recentPseudoCount: number;
  /**
   * While the baseline is young (less than `matureBaselineMinutes` learned), the
   * level of minutes [now-immatureFrom, now-immatureTo) is a lower bound of the
   * expectation, which gets a safety margin, and the dispersion is `immatureCv`:
   * a first morning must not look like an outage because only the night was seen.
   */
  matureBaselineMinutes: number;
  immatureFromMinutes: number;
  immatureToMinutes: number;
  immatureCv: number;
  /** While the baseline is young the expectation is also multiplied by this (the level may still be rising). */
  immatureMargin: number;
  /**
   * When the technical series runs above its expectation over the last `busyWindowMinutes` (a festival
   * evening), the account and merchant expectations are multiplied by that ratio (damped by
   * `recentPseudoCount`, at most `busyRatioMax`): a rise of everything together is no restriction wave.
   * Only when the technical ratio is at least `busyTogetherShare` of the class's own ratio (both rise alike).
   */
  busyWindowMinutes: number;
  busyRatioMax: number;
  busyTogetherShare: number;
  /** Bounds of the recent-level ratio applied to the seasonal baseline. */
  recentRatioMin: number;
  recentRatioMax: number;
  /** Crowd signals are ignored for this long after the detector first runs (no level known yet). */
  warmupMinutes: number;
  /**
   * After a maintenance ends, crowd reports alone cannot open an outage for this
   * long, and reports from that period are never counted (stragglers of the maintenance).
   */
  maintenanceGraceMinutes: number;
  /** Resolved episodes are remembered this long (for learning exclusions). */
  rememberEpisodesMinutes: number;
}

export const DEFAULT_PARAMS: DetectorParams = {
  technical: {
    windows: [1, 2, 5, 15],
    minReporters: 6,
    minRegions: 2,
    pValue: 1e-7,
    confirmEvaluations: 2,
    strongMinReporters: 10,
    strongPValue: 1e-8,
    calmPValue: 1e-3,
    calmMinReporters: 3,
    calmWindows: [2, 5],
    calmMinutes: 8,
  },
  account: {
    windows: [5, 15, 30],
    minReporters: 10,
    minRegions: 3,
    pValue: 1e-7,
    confirmEvaluations: 3,
    strongMinReporters: 20,
    strongPValue: 1e-10,
    calmPValue: 1e-3,
    calmMinReporters: 5,
    calmWindows: [5, 15],
    calmMinutes: 15,
  },
  merchant: {
    windows: [5, 15, 30],
    minReporters: 10,
    minRegions: 3,
    pValue: 1e-7,
    confirmEvaluations: 3,
    strongMinReporters: 20,
    strongPValue: 1e-10,
    calmPValue: 1e-3,
    calmMinReporters: 5,
    calmWindows: [5, 15],
    calmMinutes: 15,
  },
  regional: {
    windows: [5, 10, 15],
    provinces: 34,
    pValue: 1e-6,
    minReporters: 5,
    minNetworks: 4,
    minPartnerReporters: 2,
    confirmEvaluations: 2,
    strongPValue: 1e-8,
    sharePseudoCount: 30,
    cv: 0.2,
    concentration: 0.7,
    concentratedProvinces: 2,
    maxProvinces: 4,
    calmMinReporters: 3,
    calmPValue: 1e-3,
    calmWindows: [5, 15],
    recentToMinutes: 30,
  },
  probes: {
    windowMinutes: 15,
    failuresToDown: 2,
    minDownLocations: 2,
    allFailingMinLocations: 3,
    graceDownMinutes: 5,
  },
  recovery: {
    windowMinutes: 15,
    minRecoveries: 5,
    minRatio: 1,
    fallingWindowMinutes: 3,
    fallingShare: 0.25,
    calmMinutes: 3,
  },
  baseline: {
    dayShrinkMinutes: 15,
    minSupportReporters: 40,
    maxNeighbourSlots: 8,
    weekShrinkMinutes: 45,
    maxSlotMinutes: 15 * 6,
    learnLagMinutes: 120,
    excludeBeforeEpisodeMinutes: 30,
    excludeAfterMinutes: 30,
  },
  expectedCv: 0.2,
  minExpectedPerMinute: 0.02,
  recentFromMinutes: 180,
  recentToMinutes: 60,
  recentPseudoCount: 10,
  matureBaselineMinutes: 24 * 60,
  immatureFromMinutes: 60,
  immatureToMinutes: 30,
  immatureCv: 0.15,
  immatureMargin: 1.3,
  busyWindowMinutes: 30,
  busyRatioMax: 3,
  busyTogetherShare: 0.6,
  recentRatioMin: 0.8,
  recentRatioMax: 4,
  warmupMinutes: 45,
  maintenanceGraceMinutes: 60,
  rememberEpisodesMinutes: 6 * 60,
};

/** Rollup minutes the evaluation reads: the longest of the test windows and the recent-level range. */
export function rollupWindowMinutes(params: DetectorParams = DEFAULT_PARAMS): number {
  return Math.max(
    params.recentFromMinutes,
    ...params.technical.windows,
    ...params.account.windows,
    ...params.merchant.windows,
    ...params.regional.windows,
  );
}

/** Minutes of distinct networks per province the regional test reads (its longest window). */
export function regionalNetworkWindowMinutes(params: DetectorParams = DEFAULT_PARAMS): number {
  return Math.max(...params.regional.windows);
}
