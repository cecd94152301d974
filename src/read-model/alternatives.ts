import { PRESETS } from "../config/presets";
import type { ServiceConfig } from "../config/types";
import { worstStatus } from "../domain/status";
import type { ComponentStatus } from "../domain/symptoms";
import type { Localized } from "../i18n/locale";
import type { Board } from "./board";

/** Another way to pay, as it stands right now. */
export interface LiveAlternative {
  /** The service's id when it is one we know of, else null (free text). */
  service: string | null;
  name: Localized;
  /** The worst status among its components; null when this deployment does not track it. */
  status: ComponentStatus | null;
  /** Never while it has an outage or maintenance; always for one we cannot see (the reader is told we don't know). */
  recommended: boolean;
}

/** Statuses of a working service: slow at worst. */
const WORKING: ReadonlySet<ComponentStatus> = new Set(["operational", "degraded_performance"]);

const RANK = { working: 0, unknown: 1, notRecommended: 2 } as const;

function rankOf(alternative: LiveAlternative): number {
  if (alternative.status === null) return RANK.unknown;
  return alternative.recommended ? RANK.working : RANK.notRecommended;
}

const memo = new WeakMap<Board, Map<string, LiveAlternative[]>>();

/**
 * A service's alternatives with their status at the board's moment: the
 * tracked ones that work first, then the ones we cannot see, then (not
 * recommended, saying why) the ones in an outage or under maintenance.
 * The configured order holds within each rank.
 */
export function liveAlternatives(board: Board, service: ServiceConfig): LiveAlternative[] {
  let byService = memo.get(board);
  if (!byService) {
    byService = new Map();
    memo.set(board, byService);
  }
  const remembered = byService.get(service.id);
  if (remembered) return remembered;

  const live = service.alternatives.map((alternative): LiveAlternative => {
    if (!("service" in alternative)) {
      return { service: null, name: alternative.name, status: null, recommended: true };
    }
    const snapshot = board.snapshots.get(alternative.service);
    const name = snapshot?.service.name ??
      PRESETS[alternative.service]?.config.name ?? { "zh-CN": alternative.service, en: alternative.service };
    if (!snapshot || snapshot.components.length === 0) {
      return { service: alternative.service, name, status: null, recommended: true };
    }
    const status = worstStatus(snapshot.components.map((c) => c.status));
    return { service: alternative.service, name, status, recommended: WORKING.has(status) };
  });
  const ranked = live
    .map((alternative, order) => ({ alternative, order }))
    .sort((a, b) => rankOf(a.alternative) - rankOf(b.alternative) || a.order - b.order)
    .map(({ alternative }) => alternative);
  byService.set(service.id, ranked);
  return ranked;
}
