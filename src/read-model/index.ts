export { type LiveAlternative, liveAlternatives } from "./alternatives";
export { type Board, boardComponents, buildBoard, snapshotOfComponent } from "./board";
export { type RecentByComponent, type ServiceSummary, summarizeBoard } from "./board-summary";
export { type RecentHistory, recentHistory, statusBoard } from "./load";
export {
  type ProvinceLevel,
  type ProvinceState,
  provinceLevel,
  provinceStates,
  regionalProvinces,
} from "./province-map";
export { RECOVERY_WINDOW_MS, type RecoverySince, recoverySince, recoverySinceAll } from "./recoveries";
export * from "./snapshot";
export { tellVerdict, type VerdictSubject } from "./verdict";
