/**
 * The detector's public surface, for the Worker's cron adapter and the replay.
 * Everything here is pure: the caller reads rows, passes the clock, and stores
 * the returned JSON.
 */
export { readPlan, runTick, type DetectorRecord, type ReadPlan, type TickInput } from "./tick";
export { evaluateComponent, initialState, maintenanceActive, situationOf, verdictFor, type EvaluationInput } from "./engine";
export {
  baselineFromRows,
  baselineProfile,
  baselineRows,
  emptyBaseline,
  learnableUntilMinute,
  learningExclusions,
  refreshBaseline,
  type BaselineProfile,
  type ComponentBaseline,
} from "./baseline";
export { isRepeat, REPEAT_WINDOW_MS, RepeatTracker } from "./repeat";
export { DEFAULT_PARAMS, rollupWindowMinutes, type DetectorParams } from "./params";
export { minuteOf, slotOfWeek, MINUTE_MS } from "./time";
export type * from "./types";
