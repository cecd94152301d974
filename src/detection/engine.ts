/**
 * One evaluation of one component, run every minute by the Worker's cron and
 * by the replay with the same inputs: the rollups of a trailing window, the
 * recent probe results, the declared maintenance windows, the baseline and the
 * previous state. Pure: the clock is `now`, nothing is read or written here.
 */
import type { ComponentStatus, SymptomClass } from "../domain/symptoms";
import { type ComponentSituation, verdictKind } from "../domain/verdict-kind";
import type { BaselineProfile } from "./baseline";
import { assessCrowd, type SeriesAssessment } from "./crowd";
import { DEFAULT_PARAMS, type DetectorParams } from "./params";
import { assessProbes, type ProbeAssessment } from "./probes";
import { assessRecovery } from "./recovery";
import type { RegionalAssessment } from "./regional";
import { MINUTE_MS } from "./time";
import type {
  DetectedKind,
  DetectorState,
  DrivingClass,
  EpisodeEvent,
  EvaluationResult,
  Evidence,
  Interval,
  MaintenanceWindow,
  OpenEpisode,
  ProbeResultRow,
  RecoveryRow,
  RegionalNetworkRow,
  RollupRow,
} from "./types";
import { SERIES_OF } from "./types";

export interface EvaluationInput {
  /** The evaluation instant (epoch ms), normally a minute boundary. */
  now: number;
  /** This component's rollup rows for minutes [minuteOf(now) - rollupWindowMinutes(), minuteOf(now)). */
  rollups: readonly RollupRow[];
  /** This component's probe results with `at` in [now - probes.windowMinutes, now). */
  probes: readonly ProbeResultRow[];
  /** Maintenance windows of this component that end after now - rollupWindowMinutes() and start before now + 1 min. */
  maintenances: readonly MaintenanceWindow[];
  /**
   * People saying "it works again" on this component per minute, for minutes
   * [minuteOf(now) - recovery.windowMinutes, minuteOf(now)); absent or empty: none.
   */
  recoveries?: readonly RecoveryRow[];
  /** Expected rates from the latest baseline refresh (null before the first one). */
  profile: BaselineProfile | null;
  /** Previous state, or null on the very first run. */
  state: DetectorState | null;
  /** NETWORK_REPORTER_CAP (default 2): the regional floor on networks is read through it. */
  networkCap?: number;
  /**
   * Distinct networks with counted technical reports per minute and province, for minutes
   * [minuteOf(now) - max(regional.windows), minuteOf(now)) at least: the regional floor on networks.
   * Absent: that floor falls back to reporters (more than `minNetworks − 1` networks can send).
   */
  regionalNetworks?: readonly RegionalNetworkRow[];
}

/** A fresh state; `dataStartMs` is when data begin (the first run, or the first event of a replay). */
export function initialState(dataStartMs: number): DetectorState {
  return {
    version: 1,
    firstEvaluatedAt: dataStartMs,
    lastEvaluatedAt: dataStartMs,
    streak: { technical: 0, account: 0, merchant: 0, regional: 0 },
    level: { technical: null, account: null, merchant: null },
    open: { outage: null, account_wave: null, merchant_restriction: null },
    recent: [],
  };
}

export function evaluateComponent(input: EvaluationInput, params: DetectorParams = DEFAULT_PARAMS): EvaluationResult {
  const now = input.now;
  const prev = input.state ?? initialState(now);
  const state = copyState(prev);
  state.lastEvaluatedAt = now;
  const events: EpisodeEvent[] = [];

  const inMaintenance = input.maintenances.some((m) => m.startsAt <= now && now < m.endsAt);
  const graceMs = params.maintenanceGraceMinutes * MINUTE_MS;
  const lastEnd = input.maintenances.reduce<number | null>(
    (acc, m) => (m.endsAt <= now && (acc === null || m.endsAt > acc) ? m.endsAt : acc),
    null,
  );
  const graceSince = !inMaintenance && lastEnd !== null && now < lastEnd + graceMs ? lastEnd : null;

  const warm = now >= prev.firstEvaluatedAt + params.warmupMinutes * MINUTE_MS;
  const crowd = warm
    ? assessCrowd(
        {
          nowMs: now,
          rollups: input.rollups,
          profile: input.profile,
          blackouts: crowdBlackouts(prev, input.maintenances, params),
          levelExclusions: {
            technical: episodeIntervals(prev, "outage", params),
            account: episodeIntervals(prev, "account_wave", params),
            merchant: episodeIntervals(prev, "merchant_restriction", params),
          },
          dataStartMs: prev.firstEvaluatedAt,
          lastLevel: prev.level,
          networkCap: input.networkCap,
          regionalNetworks: input.regionalNetworks,
          outageRegions: prev.open.outage?.regions ?? null,
        },
        params,
      )
    : null;
  const tech = crowd?.technical ?? null;
  const acct = crowd?.account ?? null;
  const merch = crowd?.merchant ?? null;
  const regional = crowd?.regional ?? null;
  if (tech?.level != null) state.level.technical = tech.level;
  if (acct?.level != null) state.level.account = acct.level;
  if (merch?.level != null) state.level.merchant = merch.level;
  const probes = assessProbes(input.probes, now, input.maintenances, graceSince, params);

  for (const cls of ["technical", "account", "merchant"] as const) {
    const s = cls === "technical" ? tech : cls === "account" ? acct : merch;
    state.streak[cls] = !inMaintenance && s && (s.moderate || s.strong) ? (prev.streak[cls] ?? 0) + 1 : 0;
  }
  state.streak.regional = !inMaintenance && regional?.significant.length ? (prev.streak.regional ?? 0) + 1 : 0;
  const confirmed = (cls: DrivingClass, s: SeriesAssessment | null) =>
    !!s && (s.strong || (s.moderate && state.streak[cls] >= params[cls].confirmEvaluations));
  // Technical reports drive an outage only when they rise more than account and merchant ones: a restriction
  // wave brings a few "payment failed" reports from people who misread it, which are not an outage.
  const techDominates = !!tech && (!acct || tech.excess >= acct.excess) && (!merch || tech.excess >= merch.excess);
  // Merchant restrictions: merchant reports rise more than technical and account ones.
  const merchantDominates = !!merch && merch.excess > (tech?.excess ?? 0) && merch.excess > (acct?.excess ?? 0);
  const regionalScope = regionalScopeOf(regional, tech, params);

  // Resolve first, on the evidence of this minute, so an episode cannot reopen in the same evaluation.
  const outage = state.open.outage;
  if (outage) {
    // Many people saying it works again while reports fall count as calm, and shorten the wait (src/detection/recovery.ts).
    const recovery =
      input.recoveries?.length && !probes.outage
        ? assessRecovery(
            { nowMs: now, openedAt: outage.openedAt, rollups: input.rollups, recoveries: input.recoveries },
            params,
          )
        : null;
    const recovering = !!recovery?.recovering;
    const provinceActive = !!outage.regions?.some((r) => regional?.active.has(r));
    const calm = (!tech?.active && !provinceActive && !probes.outage) || recovering;
    outage.calmStreak = calm ? outage.calmStreak + 1 : 0;
    if (outage.regions) {
      // A regional outage grows with newly significant provinces, and becomes national when it is no longer confined.
      // Provinces significant on their own join, and a pair's partner when the pair includes one of the outage's
      // provinces and the partner is raised itself (an outage of a regional network split between two
      // neighbours; not one or two stray reports next door); a pair of two other
      // provinces may be any province a little above its level beside a stronger one, and does not.
      const joining = (regionalScope ?? []).filter((r) =>
        regional?.significant.some(
          (t) =>
            t.region === r &&
            (!t.paired ||
              (t.partner !== undefined && outage.regions!.includes(t.partner) && !!regional?.active.has(r))),
        ),
      );
      const grown = [...new Set([...outage.regions, ...joining])].sort();
      const national =
        probes.outage ||
        grown.length > params.regional.maxProvinces ||
        (confirmed("technical", tech) && techDominates && !!regional?.restSignificant);
      outage.regions = national ? null : grown;
    }
    if (!calm)
      outage.evidence = outage.regions
        ? regionalEvidence(regional, outage.regions, outage.evidence)
        : evidenceFrom(tech, probes, outage.evidence);
    const wait = recovering ? params.recovery.calmMinutes : params.technical.calmMinutes;
    if (outage.calmStreak >= wait) {
      close(state, events, "outage", now, recovering && wait < params.technical.calmMinutes ? recovery : null);
    }
  }
  const wave = state.open.account_wave;
  if (wave) {
    const calm = !acct?.active;
    wave.calmStreak = calm ? wave.calmStreak + 1 : 0;
    if (!calm) wave.evidence = evidenceFrom(acct, null, wave.evidence);
    if (wave.calmStreak >= params.account.calmMinutes) close(state, events, "account_wave", now);
  }
  const restriction = state.open.merchant_restriction ?? null;
  if (restriction) {
    const calm = !merch?.active;
    restriction.calmStreak = calm ? restriction.calmStreak + 1 : 0;
    if (!calm) restriction.evidence = evidenceFrom(merch, null, restriction.evidence);
    if (restriction.calmStreak >= params.merchant.calmMinutes) close(state, events, "merchant_restriction", now);
  }

  if (!inMaintenance && !state.open.outage && !outage) {
    const nationalCrowd = graceSince === null && confirmed("technical", tech) && techDominates;
    const regionalCrowd =
      graceSince === null &&
      regionalScope !== null &&
      ((state.streak.regional ?? 0) >= params.regional.confirmEvaluations ||
        regional!.significant.some((t) => t.pValue < params.regional.strongPValue));
    // A national rise carried by one or two provinces is theirs: it opens as a regional outage once
    // the regional test (with its floor on networks) confirms them, never as a national one.
    const concentrated =
      nationalCrowd &&
      regionalScope === null &&
      (concentratedIn(regional, tech, params) || (!!regional && !regional.nationalWithoutTop));
    if (probes.outage || (nationalCrowd && regionalScope === null && !concentrated))
      open(state, events, "outage", now, evidenceFrom(nationalCrowd ? tech : null, probes));
    else if ((nationalCrowd && regionalScope !== null) || regionalCrowd)
      open(state, events, "outage", now, regionalEvidence(regional, regionalScope!), regionalScope);
  }
  if (!inMaintenance && graceSince === null && !state.open.account_wave && !wave && !state.open.outage) {
    if (confirmed("account", acct) && !techDominates)
      open(state, events, "account_wave", now, evidenceFrom(acct, null));
  }
  if (
    !inMaintenance &&
    graceSince === null &&
    !state.open.merchant_restriction &&
    !restriction &&
    !state.open.outage &&
    merchantDominates &&
    confirmed("merchant", merch)
  )
    open(state, events, "merchant_restriction", now, evidenceFrom(merch, null));

  const cutoff = now - params.rememberEpisodesMinutes * MINUTE_MS;
  state.recent = state.recent.filter((e) => e.resolvedAt >= cutoff);
  return { state, status: componentStatus(state, inMaintenance, tech, probes), events };
}

/**
 * A copy deep enough for this module's mutations (evidence objects are replaced, never changed).
 * A state stored before merchant restrictions and regional outages gains their fields here.
 */
function copyState(s: DetectorState): DetectorState {
  const openCopy = (e: OpenEpisode | null | undefined) => (e ? { ...e } : null);
  return {
    ...s,
    streak: { ...s.streak, merchant: s.streak.merchant ?? 0, regional: s.streak.regional ?? 0 },
    level: { ...s.level, merchant: s.level.merchant ?? null },
    open: {
      outage: openCopy(s.open.outage),
      account_wave: openCopy(s.open.account_wave),
      merchant_restriction: openCopy(s.open.merchant_restriction),
    },
    recent: [...s.recent],
  };
}

/**
 * The provinces a crowd outage is confined to, or null when it is not regional:
 * some provinces are significant on their own, at most `maxProvinces`, and they
 * carry most (`concentration`) of the national excess of the last 15 minutes.
 */
function regionalScopeOf(
  regional: RegionalAssessment | null,
  tech: SeriesAssessment | null,
  params: DetectorParams,
): string[] | null {
  if (!regional?.significant.length) return null;
  const provinces = regional.significant.map((t) => t.region);
  if (provinces.length > params.regional.maxProvinces) return null;
  let excess = 0;
  for (const r of provinces) excess += Math.max(0, regional.excess15.get(r) ?? 0);
  const national = tech?.excess ?? 0;
  // Regional when these provinces carry most of the national rise, or when the rest of the country is
  // not raised at all (its own noise, or reporters of no known province, can outweigh a small province).
  if (excess < params.regional.concentration * national && regional.restRaised) return null;
  return provinces.sort();
}

/**
 * Whether most (`concentration`) of the national excess of the last 15 minutes
 * comes from at most `concentratedProvinces` provinces: a spammer or an outage
 * of one region, to be judged by the regional test rather than opened as national.
 */
function concentratedIn(regional: RegionalAssessment | null, tech: SeriesAssessment | null, params: DetectorParams) {
  const national = tech?.excess ?? 0;
  if (!regional || national <= 0) return false;
  const top = [...regional.excess15.values()]
    .filter((x) => x > 0)
    .sort((a, b) => b - a)
    .slice(0, params.regional.concentratedProvinces);
  return top.reduce((a, b) => a + b, 0) >= params.regional.concentration * national;
}

/** Evidence of a regional outage: the provinces' own tests (kept from before when none is significant now). */
function regionalEvidence(regional: RegionalAssessment | null, provinces: string[], previous?: Evidence): Evidence {
  const tests = (regional?.significant ?? []).filter((t) => provinces.includes(t.region));
  if (tests.length === 0 && previous) return { ...previous, provinces };
  const reporters = tests.reduce((a, t) => a + t.reporters, 0);
  const expected = tests.reduce((a, t) => a + t.expected, 0);
  const evidence: Evidence = { source: "crowd", provinces };
  if (tests.length) {
    evidence.windowMinutes = Math.max(...tests.map((t) => t.windowMinutes));
    evidence.reporters = reporters;
    evidence.expected = Math.round(expected * 100) / 100;
    evidence.pValue = Math.min(...tests.map((t) => t.pValue));
  }
  evidence.regions = provinces
    .map((region) => ({ region, reporters: tests.find((t) => t.region === region)?.reporters ?? 0 }))
    .sort((a, b) => b.reporters - a.reporters || a.region.localeCompare(b.region));
  return evidence;
}

/**
 * Statuspage status: crowd alone reaches partial_outage at most; probes failing
 * in most locations, or crowd plus a location down, make major_outage. An
 * account wave is degraded performance: systems work but many people cannot pay.
 */
function componentStatus(
  state: DetectorState,
  inMaintenance: boolean,
  tech: SeriesAssessment | null,
  probes: ProbeAssessment,
): ComponentStatus {
  if (inMaintenance) return "under_maintenance";
  if (state.open.outage) {
    const crowdAndProbes = !!tech?.active && probes.down.length > 0;
    return probes.major || crowdAndProbes ? "major_outage" : "partial_outage";
  }
  if (state.open.account_wave) return "degraded_performance";
  // A merchant restriction leaves the status alone: the systems work.
  if (state.streak.technical > 0 || probes.down.length >= 2) return "degraded_performance";
  return "operational";
}

function open(
  state: DetectorState,
  events: EpisodeEvent[],
  kind: DetectedKind,
  at: number,
  evidence: Evidence,
  regions: string[] | null = null,
): void {
  state.open[kind] = { kind, openedAt: at, evidence, calmStreak: 0, ...(regions ? { regions } : {}) };
  events.push({ type: "open", kind, at, evidence });
}

function close(
  state: DetectorState,
  events: EpisodeEvent[],
  kind: DetectedKind,
  at: number,
  recovery: { recoveries: number } | null = null,
): void {
  const ep = state.open[kind]!;
  state.recent.push({ kind, openedAt: ep.openedAt, resolvedAt: at, ...(ep.regions ? { regions: ep.regions } : {}) });
  state.open[kind] = null;
  state.streak[SERIES_OF[kind]] = 0;
  if (kind === "outage") state.streak.regional = 0;
  const evidence = ep.regions ? { ...ep.evidence, provinces: ep.regions } : ep.evidence;
  events.push({
    type: "resolve",
    kind,
    at,
    openedAt: ep.openedAt,
    evidence,
    ...(recovery ? { recoveries: recovery.recoveries } : {}),
  });
}

/**
 * Minutes the crowd tests must not count. Maintenance and its grace period for
 * both series: those reports belong to the maintenance. A resolved episode's
 * minutes for its own series: that evidence is spent, a new episode needs new
 * reports. For the account series also outage episodes: people misread an
 * outage as an account problem, and that share must not become an account wave.
 */
function crowdBlackouts(
  state: DetectorState,
  maintenances: readonly MaintenanceWindow[],
  params: DetectorParams,
): Record<DrivingClass, Interval[]> {
  const grace = params.maintenanceGraceMinutes * MINUTE_MS;
  const maintenance = maintenances.map((m) => ({ from: m.startsAt, to: m.endsAt + grace }));
  const lead = params.probes.windowMinutes * MINUTE_MS;
  const spent = (kind: DetectedKind) =>
    state.recent.filter((e) => e.kind === kind).map((e) => ({ from: e.openedAt - lead, to: e.resolvedAt }));
  const outages = spent("outage");
  if (state.open.outage) outages.push({ from: state.open.outage.openedAt - lead, to: Number.POSITIVE_INFINITY });
  return {
    technical: [...maintenance, ...spent("outage")],
    account: [...maintenance, ...outages, ...spent("account_wave")],
    merchant: [...maintenance, ...outages, ...spent("merchant_restriction")],
  };
}

/** Episode intervals of one kind, padded before opening, that the recent level must not learn from. */
function episodeIntervals(state: DetectorState, kind: DetectedKind, params: DetectorParams): Interval[] {
  const before = params.baseline.excludeBeforeEpisodeMinutes * MINUTE_MS;
  const list: Interval[] = state.recent
    .filter((e) => e.kind === kind)
    .map((e) => ({ from: e.openedAt - before, to: e.resolvedAt + params.baseline.excludeAfterMinutes * MINUTE_MS }));
  const openEp = state.open[kind] ?? null;
  if (openEp) list.push({ from: openEp.openedAt - before, to: Number.POSITIVE_INFINITY });
  return list;
}

function evidenceFrom(series: SeriesAssessment | null, probes: ProbeAssessment | null, previous?: Evidence): Evidence {
  const crowd = series?.best && (series.moderate || series.strong) ? series.best : null;
  const probeSignal = probes && (probes.outage || probes.down.length > 0) ? probes : null;
  if (!crowd && !probeSignal && previous) return previous;
  const source = crowd && probeSignal ? "crowd+probes" : probeSignal ? "probes" : "crowd";
  const evidence: Evidence = { source };
  if (crowd) {
    evidence.windowMinutes = crowd.windowMinutes;
    evidence.reporters = crowd.reporters;
    evidence.expected = Math.round(crowd.expected * 100) / 100;
    evidence.pValue = crowd.pValue;
    evidence.regions = [...crowd.regions]
      .map(([region, reporters]) => ({ region, reporters }))
      .sort((a, b) => b.reporters - a.reporters || a.region.localeCompare(b.region));
  }
  if (probes) {
    evidence.probesDown = probes.down;
    evidence.probesFailing = probes.failing;
    evidence.probesKnown = probes.known.length;
  }
  return evidence;
}

/** Maintenance covering the component at `atMs` (declared windows are exact, not detected). */
export function maintenanceActive(maintenances: readonly MaintenanceWindow[], atMs: number): boolean {
  return maintenances.some((m) => m.startsAt <= atMs && atMs < m.endsAt);
}

/**
 * What a reporter of this component is told at `atMs`, from the detector's
 * latest state. A regional outage concerns only reporters counted in one of
 * its provinces (`region`: the reporter's counted region, null when unknown).
 */
export function situationOf(
  state: DetectorState | null,
  maintenances: readonly MaintenanceWindow[],
  atMs: number,
  region: string | null = null,
): ComponentSituation {
  const outage = state?.open.outage ?? null;
  const regions = outage?.regions ?? null;
  return {
    maintenance: maintenanceActive(maintenances, atMs),
    outage: !!outage && (regions === null || (region !== null && regions.includes(region))),
    accountWave: !!state?.open.account_wave,
    merchantRestriction: !!state?.open.merchant_restriction,
    regions: outage ? regions : null,
  };
}

/** The verdict for one report, as shown at that moment (the Worker and the replay both call this). */
export function verdictFor(
  symptom: SymptomClass,
  state: DetectorState | null,
  maintenances: readonly MaintenanceWindow[],
  atMs: number,
  region: string | null = null,
) {
  return verdictKind(symptom, situationOf(state, maintenances, atMs, region));
}
