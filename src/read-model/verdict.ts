import { describeVerdict, type Verdict } from "../config/verdict";
import type { VerdictKind } from "../domain/symptoms";
import type { Locale } from "../i18n/locale";
import { liveAlternatives } from "./alternatives";
import type { Board } from "./board";
import type { SituationWithTimes, StatusSnapshot } from "./snapshot";

/** What a reporter of `snapshot`'s service is told, with its alternatives as they stand on the board. */
export function tellVerdict(
  board: Board,
  snapshot: StatusSnapshot,
  kind: VerdictKind,
  locale: Locale,
  situation: Pick<SituationWithTimes, "maintenanceUntil">,
): Verdict {
  return describeVerdict(kind, snapshot.service, locale, {
    maintenanceUntil: situation.maintenanceUntil,
    alternatives: liveAlternatives(board, snapshot.service),
  });
}
