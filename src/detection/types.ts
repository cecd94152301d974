/**
 * Plain rows in and plain JSON out: the detector never touches storage, so the
 * Worker's D1 adapter and the replay's in-memory store feed it the same shapes.
 */
import type { ComponentStatus, SymptomClass } from "../domain/symptoms";

/**
 * The symptom classes that drive episodes: technical → outage, account →
 * account wave, merchant → merchant restriction; `other` never does.
 */
export type DrivingClass = "technical" | "account" | "merchant";
export const DRIVING_CLASSES: readonly DrivingClass[] = ["technical", "account", "merchant"];

/**
 * One network with counted technical reports from one province in one minute (distinct per minute, region,
 * network): what the regional test's floor on distinct networks reads. The rollups carry no networks.
 */
export interface RegionalNetworkRow {
  /** floor(epoch_ms / 60000), as for a rollup row. */
  minute: number;
  /** Province code ("" when unknown: never tested). */
  region: string;
  /** The network's keyed hash (a report without one: its reporter). */
  network: string;
}

/** One per-minute rollup row, as the Worker upserts it for each stored report. */
export interface RollupRow {
  /** floor(epoch_ms / 60000) */
  minute: number;
  symptomClass: SymptomClass;
  /** Province code, or "" when the reporter gave none. */
  region: string;
  /** Distinct reporters this minute (reports not marked repeat). */
  reporters: number;
  /** All reports, repeats included (not used for detection, kept for evidence). */
  reports: number;
}

/**
 * People saying "it works again" on one component in one minute: distinct
 * people, counted with the same rules as reporters (no repeat within 30
 * minutes, each network's share), so repeats never inflate it.
 */
export interface RecoveryRow {
  /** floor(epoch_ms / 60000) */
  minute: number;
  recoveries: number;
}

/** One stored probe check. `location` identifies the vantage point (the probe id when there is one per place). */
export interface ProbeResultRow {
  location: string;
  /** epoch ms */
  at: number;
  ok: boolean;
  latencyMs?: number | null;
}

/** A declared maintenance window covering the component (epoch ms, end exclusive). */
export interface MaintenanceWindow {
  id: string;
  startsAt: number;
  endsAt: number;
}

/** A time range in epoch ms, end exclusive. */
export interface Interval {
  from: number;
  to: number;
}

export const DETECTED_KINDS = ["outage", "account_wave", "merchant_restriction"] as const;
export type DetectedKind = (typeof DETECTED_KINDS)[number];

/** The series whose excess drives each detected kind. */
export const SERIES_OF: Record<DetectedKind, DrivingClass> = {
  outage: "technical",
  account_wave: "account",
  merchant_restriction: "merchant",
};

/** What made the detector decide, kept on the episode and handed to the incident text. */
export interface Evidence {
  /** "crowd", "probes" or "crowd+probes". */
  source: "crowd" | "probes" | "crowd+probes";
  /** Window (minutes) with the most significant crowd signal, if any. */
  windowMinutes?: number;
  /** Distinct reporters in that window, and how many were expected. */
  reporters?: number;
  expected?: number;
  pValue?: number;
  /**
   * Regions of those reporters, most reporters first. For a regional outage,
   * only the provinces it covers (the same as `provinces`).
   */
  regions?: Array<{ region: string; reporters: number }>;
  /**
   * A regional outage: the provinces it covers (province codes). Absent for a
   * national episode. Reporters located elsewhere are not told of it.
   */
  provinces?: string[];
  /** Probe locations down (consecutive failures), failing their latest check, and known at all. */
  probesDown?: string[];
  probesFailing?: string[];
  probesKnown?: number;
}

export interface OpenEpisode {
  kind: DetectedKind;
  openedAt: number;
  evidence: Evidence;
  /** Consecutive calm evaluations so far. */
  calmStreak: number;
  /** An outage confined to these provinces (null or absent: national). */
  regions?: string[] | null;
}

export interface ClosedEpisode {
  kind: DetectedKind;
  openedAt: number;
  resolvedAt: number;
  /** A regional outage's provinces. */
  regions?: string[];
}

/** Everything the detector remembers between two evaluations of one component; plain JSON. */
export interface DetectorState {
  version: 1;
  /** First evaluation ever (warm-up starts here, and no data exist before it). */
  firstEvaluatedAt: number;
  lastEvaluatedAt: number;
  /**
   * Consecutive anomalous evaluations per series (hysteresis on the way up);
   * `regional`: minutes in a row with at least one province significant.
   * States stored before merchant restrictions lack `merchant` and `regional` (read as 0).
   */
  streak: Record<DrivingClass, number> & { regional?: number };
  /** Last measured level of each series (reporters per minute), used while an episode hides the recent minutes. */
  level: Record<DrivingClass, number | null>;
  /** Open episodes; `merchant_restriction` is absent in states stored before it existed. */
  open: { outage: OpenEpisode | null; account_wave: OpenEpisode | null; merchant_restriction?: OpenEpisode | null };
  /** Recently resolved episodes, kept for learning exclusions. */
  recent: ClosedEpisode[];
}

export type EpisodeEvent =
  | { type: "open"; kind: DetectedKind; at: number; evidence: Evidence }
  | {
      type: "resolve";
      kind: DetectedKind;
      at: number;
      openedAt: number;
      evidence: Evidence;
      /** Set when recoveries shortened the calm wait: people who said it works again in the recovery window. */
      recoveries?: number;
    };

export interface EvaluationResult {
  state: DetectorState;
  status: ComponentStatus;
  events: EpisodeEvent[];
}
