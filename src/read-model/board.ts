import type { ServiceRegistry } from "../config/registry";
import type { ComponentGroupRow, ComponentRow } from "../data/components";
import type { IncidentView } from "../data/incidents";
import { multimap } from "../lib/multimap";
import { buildSnapshot, type ComponentState, type StatusSnapshot } from "./snapshot";

/**
 * Every enabled service's snapshot at one public state version: the board
 * (`/services`), the live alternatives of a verdict and each service's own
 * page all read the same moment. Pure, like buildSnapshot.
 */
export interface Board {
  version: number;
  builtAt: number;
  /** The earliest moment the clock changes any service's snapshot. */
  validUntil: number;
  registry: ServiceRegistry;
  /** Per enabled service, in board order. */
  snapshots: ReadonlyMap<string, StatusSnapshot>;
}

export interface BoardRows {
  version: number;
  registry: ServiceRegistry;
  components: ComponentRow[];
  groups: ComponentGroupRow[];
  open: IncidentView[];
  /** The latest incident change per service. */
  lastIncidentChange: ReadonlyMap<string, number>;
}

export function buildBoard(rows: BoardRows, nowMs: number): Board {
  const components = multimap(rows.components, (row) => row.serviceId);
  const groups = multimap(rows.groups, (row) => row.serviceId);
  const open = multimap(rows.open, (item) => item.serviceId);
  const snapshots = new Map<string, StatusSnapshot>();
  let validUntil = Number.POSITIVE_INFINITY;
  for (const service of rows.registry.enabled) {
    const snapshot = buildSnapshot(
      {
        version: rows.version,
        service,
        components: components.get(service.id) ?? [],
        groups: groups.get(service.id) ?? [],
        open: open.get(service.id) ?? [],
        lastIncidentChange: rows.lastIncidentChange.get(service.id) ?? 0,
      },
      nowMs,
    );
    snapshots.set(service.id, snapshot);
    validUntil = Math.min(validUntil, snapshot.validUntil);
  }
  return { version: rows.version, builtAt: nowMs, validUntil, registry: rows.registry, snapshots };
}

interface ComponentIndex {
  owners: Map<string, StatusSnapshot>;
  components: Map<string, ComponentState>;
}

const indexes = new WeakMap<Board, ComponentIndex>();

/** Every enabled service's components by id (ids are unique across services), with their service's snapshot. */
function indexOf(board: Board): ComponentIndex {
  let index = indexes.get(board);
  if (!index) {
    index = { owners: new Map(), components: new Map() };
    for (const snapshot of board.snapshots.values()) {
      for (const component of snapshot.components) {
        index.owners.set(component.id, snapshot);
        index.components.set(component.id, component);
      }
    }
    indexes.set(board, index);
  }
  return index;
}

/** The snapshot of the service a component belongs to. */
export function snapshotOfComponent(board: Board, componentId: string): StatusSnapshot | undefined {
  return indexOf(board).owners.get(componentId);
}

/** Every enabled service's components by id: for operators, who see all services at once. */
export function boardComponents(board: Board): ReadonlyMap<string, ComponentState> {
  return indexOf(board).components;
}
