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
  RollupRow,
} from "./types";

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
}

/** A fresh state; `dataStartMs` is when data begin (the first run, or the first event of a replay). */
export function initialState(dataStartMs: number): DetectorState {
  return {
    version: 1,
    firstEvaluatedAt: dataStartMs,
    lastEvaluatedAt: dataStartMs,
    streak: { technical: 0, account: 0 },
    level: { technical: null, account: null },
    open: { outage: null, account_wave: null },
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
          },
          dataStartMs: prev.firstEvaluatedAt,
          lastLevel: prev.level,
        },
        params,
      )
    : null;
  const tech = crowd?.technical ?? null;
  const acct = crowd?.account ?? null;
  if (tech?.level != null) state.level.technical = tech.level;
  if (acct?.level != null) state.level.account = acct.level;
  const probes = assessProbes(input.probes, now, input.maintenances, graceSince, params);

  for (const cls of ["technical", "account"] as const) {
    const s = cls === "technical" ? tech : acct;
    state.streak[cls] = !inMaintenance && s && (s.moderate || s.strong) ? prev.streak[cls] + 1 : 0;
  }
  const confirmed = (cls: DrivingClass, s: SeriesAssessment | null) =>
    !!s && (s.strong || (s.moderate && state.streak[cls] >= params[cls].confirmEvaluations));
  const techDominates = !!tech && (!acct || tech.excess >= acct.excess);

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
    const calm = (!tech?.active && !probes.outage) || recovering;
    outage.calmStreak = calm ? outage.calmStreak + 1 : 0;
    if (!calm) outage.evidence = evidenceFrom(tech, probes, outage.evidence);
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

  if (!inMaintenance && !state.open.outage && !outage) {
    const crowdOutage = graceSince === null && confirmed("technical", tech) && techDominates;
    if (probes.outage || crowdOutage)
      open(state, events, "outage", now, evidenceFrom(crowdOutage ? tech : null, probes));
  }
  if (!inMaintenance && graceSince === null && !state.open.account_wave && !wave && !state.open.outage) {
    if (confirmed("account", acct) && !techDominates)
      open(state, events, "account_wave", now, evidenceFrom(acct, null));
  }

  const cutoff = now - params.rememberEpisodesMinutes * MINUTE_MS;
  state.recent = state.recent.filter((e) => e.resolvedAt >= cutoff);
  return { state, status: componentStatus(state, inMaintenance, tech, probes), events };
}

/** A copy deep enough for this module's mutations (evidence objects are replaced, never changed). */
function copyState(s: DetectorState): DetectorState {
  const openCopy = (e: OpenEpisode | null) => (e ? { ...e } : null);
  return {
    ...s,
    streak: { ...s.streak },
    level: { ...s.level },
    open: { outage: openCopy(s.open.outage), account_wave: openCopy(s.open.account_wave) },
    recent: [...s.recent],
  };
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
  if (state.streak.technical > 0 || probes.down.length >= 2) return "degraded_performance";
  return "operational";
}

function open(state: DetectorState, events: EpisodeEvent[], kind: DetectedKind, at: number, evidence: Evidence): void {
  state.open[kind] = { kind, openedAt: at, evidence, calmStreak: 0 };
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
  state.recent.push({ kind, openedAt: ep.openedAt, resolvedAt: at });
  state.open[kind] = null;
  state.streak[kind === "outage" ? "technical" : "account"] = 0;
  events.push({
    type: "resolve",
    kind,
    at,
    openedAt: ep.openedAt,
    evidence: ep.evidence,
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
  };
}

/** Episode intervals of one kind, padded before opening, that the recent level must not learn from. */
function episodeIntervals(state: DetectorState, kind: DetectedKind, params: DetectorParams): Interval[] {
  const before = params.baseline.excludeBeforeEpisodeMinutes * MINUTE_MS;
  const list: Interval[] = state.recent
    .filter((e) => e.kind === kind)
    .map((e) => ({ from: e.openedAt - before, to: e.resolvedAt + params.baseline.excludeAfterMinutes * MINUTE_MS }));
  const openEp = state.open[kind];
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

/** What a reporter of this component is told at `atMs`, from the detector's latest state. */
export function situationOf(
  state: DetectorState | null,
  maintenances: readonly MaintenanceWindow[],
  atMs: number,
): ComponentSituation {
  return {
    maintenance: maintenanceActive(maintenances, atMs),
    outage: !!state?.open.outage,
    accountWave: !!state?.open.account_wave,
  };
}

/** The verdict for one report, as shown at that moment (the Worker and the replay both call this). */
export function verdictFor(
  symptom: SymptomClass,
  state: DetectorState | null,
  maintenances: readonly MaintenanceWindow[],
  atMs: number,
) {
  return verdictKind(symptom, situationOf(state, maintenances, atMs));
}
