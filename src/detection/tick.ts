/**
 * One cron tick for one component: the hourly baseline refresh when it is due,
 * then the minute evaluation. The Worker's adapter and the replay both call
 * this, so they share the orchestration as well as the detection; the adapter
 * only reads the rows `readPlan` names and stores the returned record.
 */
import {
  type BaselineProfile,
  baselineProfile,
  type ComponentBaseline,
  emptyBaseline,
  learnableUntilMinute,
  learningExclusions,
  refreshBaseline,
} from "./baseline";
import { evaluateComponent, initialState } from "./engine";
import { DEFAULT_PARAMS, type DetectorParams, rollupWindowMinutes } from "./params";
import { MINUTE_MS, minuteOf } from "./time";
import type {
  DetectorState,
  EvaluationResult,
  MaintenanceWindow,
  ProbeResultRow,
  RecoveryRow,
  RegionalNetworkRow,
  RollupRow,
} from "./types";

/** Everything persisted per component between ticks; plain JSON. */
export interface DetectorRecord {
  state: DetectorState;
  /** Learned statistics (the `baselines` rows plus `learnedUntilMinute`). */
  baseline: ComponentBaseline;
  /** Expected rates derived from `baseline` at the last refresh. */
  profile: BaselineProfile | null;
}

export interface ReadPlan {
  /** Rollup rows of this component with minute >= this (and < minuteOf(now)). */
  rollupsFromMinute: number;
  /** Probe results of this component with at >= this (and < now). */
  probesFromMs: number;
  /** Recoveries ("it works again") of this component with minute >= this (and < minuteOf(now)). */
  recoveriesFromMinute: number;
  /** Maintenance windows of this component ending after this and starting before now + 1 min. */
  maintenancesEndingAfterMs: number;
  /** When a baseline refresh is due: rollup rows with minute in [fromMinute, untilMinute) to learn from. */
  learn: { fromMinute: number; untilMinute: number } | null;
}

/** What to read for a tick at `now` (record null: first run ever). */
export function readPlan(
  record: DetectorRecord | null,
  now: number,
  params: DetectorParams = DEFAULT_PARAMS,
): ReadPlan {
  const window = rollupWindowMinutes(params);
  const start = minuteOf(record?.state.firstEvaluatedAt ?? now);
  const from = record?.baseline.learnedUntilMinute ?? start;
  const until = learnableUntilMinute(now, params);
  const learn = until > from ? { fromMinute: from, untilMinute: until } : null;
  // Maintenances must cover the minutes learned too (with their excluded tail), not only the window.
  const learnFromMs = learn
    ? (learn.fromMinute - params.baseline.excludeAfterMinutes) * MINUTE_MS
    : Number.POSITIVE_INFINITY;
  return {
    rollupsFromMinute: minuteOf(now) - window,
    probesFromMs: now - params.probes.windowMinutes * MINUTE_MS,
    recoveriesFromMinute: minuteOf(now) - params.recovery.windowMinutes,
    maintenancesEndingAfterMs: Math.min(now - window * MINUTE_MS, learnFromMs),
    learn,
  };
}

export interface TickInput {
  now: number;
  rollups: readonly RollupRow[];
  probes: readonly ProbeResultRow[];
  maintenances: readonly MaintenanceWindow[];
  /** Recoveries per minute from `readPlan().recoveriesFromMinute` (optional: a stream without them replays as before). */
  recoveries?: readonly RecoveryRow[];
  /**
   * Distinct networks per minute and province with counted technical reports, minutes
   * [minuteOf(now) - regionalNetworkWindowMinutes(), minuteOf(now)) (optional: the regional floor then falls back
   * to reporters).
   */
  regionalNetworks?: readonly RegionalNetworkRow[];
  /** The rows `readPlan().learn` asked for (ignored when no refresh is due). */
  learningRollups: readonly RollupRow[];
  /** First run only: when data begin (default `now`). */
  dataStartMs?: number;
}

export function runTick(
  record: DetectorRecord | null,
  input: TickInput,
  params: DetectorParams = DEFAULT_PARAMS,
): EvaluationResult & { record: DetectorRecord } {
  const state = record?.state ?? initialState(input.dataStartMs ?? input.now);
  let baseline = record?.baseline ?? emptyBaseline();
  let profile = record?.profile ?? null;

  const plan = readPlan({ state, baseline, profile }, input.now, params);
  if (plan.learn) {
    const episodes = [
      ...state.recent,
      ...[state.open.outage, state.open.account_wave]
        .filter((e) => e !== null)
        .map((e) => ({ openedAt: e.openedAt, resolvedAt: null })),
    ];
    baseline = refreshBaseline(
      baseline,
      {
        rollups: input.learningRollups,
        untilMinute: plan.learn.untilMinute,
        startMinute: minuteOf(state.firstEvaluatedAt),
        exclusions: learningExclusions(episodes, input.maintenances, params),
      },
      params,
    );
    profile = baselineProfile(baseline, params);
  }

  const result = evaluateComponent(
    {
      now: input.now,
      rollups: input.rollups,
      probes: input.probes,
      maintenances: input.maintenances,
      recoveries: input.recoveries,
      regionalNetworks: input.regionalNetworks,
      profile,
      state,
    },
    params,
  );
  return { ...result, record: { state: result.state, baseline, profile } };
}
