/**
 * The detector's public surface, for the Worker's cron adapter and the replay.
 * Everything here is pure: the caller reads rows, passes the clock, and stores
 * the returned JSON.
 */

export {
  type BaselineProfile,
  baselineFromRows,
  baselineProfile,
  baselineRows,
  type ComponentBaseline,
  emptyBaseline,
  learnableUntilMinute,
  learningExclusions,
  refreshBaseline,
} from "./baseline";
export {
  type EvaluationInput,
  evaluateComponent,
  initialState,
  maintenanceActive,
  situationOf,
  verdictFor,
} from "./engine";
export {
  DEFAULT_PARAMS,
  type DetectorParams,
  type RecoveryParams,
  regionalNetworkWindowMinutes,
  rollupWindowMinutes,
} from "./params";
export { assessRecovery, type RecoveryAssessment } from "./recovery";
export { isRepeat, REPEAT_WINDOW_MS, RepeatTracker, ReporterCounter } from "./repeat";
export { type DetectorRecord, type ReadPlan, readPlan, runTick, type TickInput } from "./tick";
export { MINUTE_MS, minuteOf, slotOfWeek } from "./time";
export type * from "./types";
