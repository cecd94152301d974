import { listComponentGroups, listComponents } from "../data/components";
import {
  attachTimelines,
  type IncidentView,
  lastIncidentChangeQuery,
  listHistory,
  listRecentIncidents,
  listRecentMaintenances,
  openItemsQueries,
} from "../data/incidents";
import { recentStateVersion, stateVersionQuery } from "../data/state-version";
import type { Database } from "../db/client";
import { buildSnapshot, type StatusSnapshot } from "./snapshot";

/**
 * The snapshot as of the public state version, built at most once per
 * version in an isolate (and again when the clock opens or closes a
 * maintenance window). The rows and the version they belong to are read in
 * one D1 batch, so a snapshot never claims a version newer than its rows.
 */
const snapshots = new WeakMap<Database, { snapshot?: StatusSnapshot; building?: Promise<StatusSnapshot> }>();

export interface SnapshotOptions {
  /** How long this isolate trusts the version it read last (0 reads it every time). */
  versionMemoMs?: number;
}

export async function statusSnapshot(
  db: Database,
  nowMs: number,
  options: SnapshotOptions = {},
): Promise<StatusSnapshot> {
  const version = await recentStateVersion(db, nowMs, options.versionMemoMs);
  let entry = snapshots.get(db);
  if (!entry) {
    entry = {};
    snapshots.set(db, entry);
  }
  const current = entry.snapshot;
  if (current && current.version >= version && nowMs < current.validUntil && nowMs >= current.builtAt) return current;
  // Concurrent requests of one isolate share one build.
  if (!entry.building) {
    const building = readSnapshot(db, nowMs).finally(() => {
      if (entry.building === building) entry.building = undefined;
    });
    entry.building = building;
  }
  const snapshot = await entry.building;
  if (!entry.snapshot || snapshot.version >= entry.snapshot.version) entry.snapshot = snapshot;
  return snapshot;
}

async function readSnapshot(db: Database, nowMs: number): Promise<StatusSnapshot> {
  const [openRows, openUpdates, openComponents] = openItemsQueries(db);
  const [versionRows, components, groups, open, updates, affected, last] = await db.batch([
    stateVersionQuery(db),
    listComponents(db),
    listComponentGroups(db),
    openRows,
    openUpdates,
    openComponents,
    lastIncidentChangeQuery(db),
  ]);
  return buildSnapshot(
    {
      version: versionRows[0]?.version ?? 0,
      components,
      groups,
      open: attachTimelines(open, updates, affected),
      lastIncidentChange: last[0]?.at ?? 0,
    },
    nowMs,
  );
}

/** Past and present incidents and maintenance for the lists and feeds, per public state version. */
export interface RecentHistory {
  version: number;
  /** The 50 most recent incidents, resolved or not. */
  incidents: IncidentView[];
  /** The 50 most recent maintenances (cancelled ones left out). */
  maintenances: IncidentView[];
  /** Both, newest created first, cancelled maintenance left out: the feeds. */
  feed: IncidentView[];
}

const histories = new WeakMap<Database, RecentHistory>();
const HISTORY_SIZE = 50;

export async function recentHistory(db: Database, snapshot: Pick<StatusSnapshot, "version">): Promise<RecentHistory> {
  const remembered = histories.get(db);
  if (remembered && remembered.version >= snapshot.version) return remembered;
  const [incidents, maintenances, feed] = await Promise.all([
    listRecentIncidents(db, HISTORY_SIZE),
    listRecentMaintenances(db, HISTORY_SIZE),
    listHistory(db, HISTORY_SIZE),
  ]);
  const history = { version: snapshot.version, incidents, maintenances, feed };
  histories.set(db, history);
  return history;
}
