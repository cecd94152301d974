import { buildRegistry, type RegistryEnv } from "../config/registry";
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
import { listServiceRows, serviceRecord } from "../data/services";
import { recentStateVersion, stateVersionQuery } from "../data/state-version";
import type { Database } from "../db/client";
import { type Board, buildBoard } from "./board";
import type { StatusSnapshot } from "./snapshot";

/**
 * The board (every service's snapshot) as of the public state version, built
 * at most once per version in an isolate (and again when the clock opens or
 * closes a maintenance window). The rows and the version they belong to are
 * read in one D1 batch, so a snapshot never claims a version newer than its rows.
 */
interface BoardEntry {
  /** The environment the board was resolved with (tests and `wrangler dev` may change it). */
  envKey: string;
  board?: Board;
  building?: Promise<Board>;
}

const boards = new WeakMap<Database, BoardEntry>();

export interface SnapshotOptions {
  /** How long this isolate trusts the version it read last (0 reads it every time). */
  versionMemoMs?: number;
}

function envKeyOf(env: RegistryEnv): string {
  return `${env.SERVICE_ID}|${env.TIME_ZONE}|${env.SERVICE_HOSTS}|${env.SERVICE_CONFIG}`;
}

export async function statusBoard(
  db: Database,
  env: RegistryEnv,
  nowMs: number,
  options: SnapshotOptions = {},
): Promise<Board> {
  const version = await recentStateVersion(db, nowMs, options.versionMemoMs);
  const envKey = envKeyOf(env);
  let found = boards.get(db);
  if (!found || found.envKey !== envKey) {
    found = { envKey };
    boards.set(db, found);
  }
  const entry = found;
  const current = entry.board;
  if (current && current.version >= version && nowMs < current.validUntil && nowMs >= current.builtAt) return current;
  // Concurrent requests of one isolate share one build.
  const building =
    entry.building ??
    readBoard(db, env, nowMs).finally(() => {
      if (entry.building === building) entry.building = undefined;
    });
  entry.building = building;
  const board = await building;
  if (!entry.board || board.version >= entry.board.version) entry.board = board;
  return board;
}

async function readBoard(db: Database, env: RegistryEnv, nowMs: number): Promise<Board> {
  const [openRows, openUpdates, openComponents] = openItemsQueries(db);
  const [versionRows, serviceRows, components, groups, open, updates, affected, last] = await db.batch([
    stateVersionQuery(db),
    listServiceRows(db),
    listComponents(db),
    listComponentGroups(db),
    openRows,
    openUpdates,
    openComponents,
    lastIncidentChangeQuery(db),
  ]);
  return buildBoard(
    {
      version: versionRows[0]?.version ?? 0,
      registry: buildRegistry(serviceRows.map(serviceRecord), env),
      components,
      groups,
      open: attachTimelines(open, updates, affected),
      lastIncidentChange: new Map(last.map((row) => [row.serviceId, Number(row.at)])),
    },
    nowMs,
  );
}

/** Past and present incidents and maintenance of one service for the lists and feeds, per public state version. */
export interface RecentHistory {
  version: number;
  /** The 50 most recent incidents, resolved or not. */
  incidents: IncidentView[];
  /** The 50 most recent maintenances (cancelled ones left out). */
  maintenances: IncidentView[];
  /** Both, newest created first, cancelled maintenance left out: the feeds. */
  feed: IncidentView[];
}

const histories = new WeakMap<Database, Map<string, RecentHistory>>();
const HISTORY_SIZE = 50;

export async function recentHistory(
  db: Database,
  snapshot: Pick<StatusSnapshot, "version" | "service">,
): Promise<RecentHistory> {
  let byService = histories.get(db);
  if (!byService) {
    byService = new Map();
    histories.set(db, byService);
  }
  const serviceId = snapshot.service.id;
  const remembered = byService.get(serviceId);
  if (remembered && remembered.version >= snapshot.version) return remembered;
  const [incidents, maintenances, feed] = await Promise.all([
    listRecentIncidents(db, serviceId, HISTORY_SIZE),
    listRecentMaintenances(db, serviceId, HISTORY_SIZE),
    listHistory(db, serviceId, HISTORY_SIZE),
  ]);
  const history = { version: snapshot.version, incidents, maintenances, feed };
  byService.set(serviceId, history);
  return history;
}
