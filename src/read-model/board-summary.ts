import type { ServiceConfig } from "../config/types";
import { type LiveAlternative, liveAlternatives } from "./alternatives";
import type { Board } from "./board";
import { runningMaintenances, type StatusSnapshot } from "./snapshot";

/** Reporters over the last hour per component, and the usual number (src/data/stats.ts). */
export type RecentByComponent = ReadonlyMap<string, { reporters: number; usual: number }>;

/** One line of the board. */
export interface ServiceSummary {
  service: ServiceConfig;
  snapshot: StatusSnapshot;
  reportersLastHour: number;
  usualLastHour: number;
  openIncidents: number;
  maintenanceInProgress: number;
  /** Its alternatives that work right now (tracked and without an outage or maintenance). */
  canUseInstead: LiveAlternative[];
}

/** Every enabled service, in board order, with the figures the board shows. Pure. */
export function summarizeBoard(board: Board, recent: RecentByComponent): ServiceSummary[] {
  return board.registry.enabled.map((service) => {
    const snapshot = board.snapshots.get(service.id)!;
    let reporters = 0;
    let usual = 0;
    for (const component of snapshot.components) {
      const figures = recent.get(component.id);
      reporters += figures?.reporters ?? 0;
      usual += figures?.usual ?? 0;
    }
    return {
      service,
      snapshot,
      reportersLastHour: reporters,
      usualLastHour: Math.round(usual * 10) / 10,
      openIncidents: snapshot.incidents.length,
      maintenanceInProgress: runningMaintenances(snapshot).length,
      canUseInstead: liveAlternatives(board, service).filter((a) => a.recommended && a.status !== null),
    };
  });
}
