import { imposesStatus } from "../domain/incidents";
import { DAY_MS, HOUR_MS } from "../lib/time";
import { itemsAffecting, type StatusSnapshot } from "./snapshot";

/** Without an open incident, "N people say it works again" counts the last hour. */
export const RECOVERY_WINDOW_MS = HOUR_MS;
/** Since an open incident started, but never further back than this (hashes rotate daily anyway). */
export const RECOVERY_MAX_WINDOW_MS = DAY_MS;

/** Since when a component's recoveries count on the page: its open incident's start, else the last hour. */
export interface RecoverySince {
  sinceMs: number;
  /** true: since the open incident started; false: the last hour. */
  sinceIncident: boolean;
}

export function recoverySince(snapshot: StatusSnapshot, componentId: string, nowMs: number): RecoverySince {
  let started: number | null = null;
  for (const item of itemsAffecting(snapshot, componentId)) {
    if (item.type === "maintenance" || !imposesStatus(item, nowMs)) continue;
    started = Math.min(started ?? item.startedAt, item.startedAt);
  }
  if (started === null || started > nowMs - RECOVERY_WINDOW_MS) {
    // A fresh incident still shows the last hour: people who said it works just before it opened count too.
    return { sinceMs: nowMs - RECOVERY_WINDOW_MS, sinceIncident: false };
  }
  return { sinceMs: Math.max(started, nowMs - RECOVERY_MAX_WINDOW_MS), sinceIncident: true };
}

/** The same for every component of the snapshot, as the data layer's count takes it (id → since). */
export function recoverySinceAll(
  snapshot: StatusSnapshot,
  componentIds: readonly string[],
  nowMs: number,
): Record<string, number> {
  return Object.fromEntries(componentIds.map((id) => [id, recoverySince(snapshot, id, nowMs).sinceMs]));
}
