import { describeVerdict, type Verdict } from "../config/verdict";
import type { VerdictKind } from "../domain/symptoms";
import type { Locale } from "../i18n/locale";
import { liveAlternatives } from "./alternatives";
import type { Board } from "./board";
import type { SituationWithTimes, StatusSnapshot } from "./snapshot";

/** One report as a verdict needs it. */
export interface VerdictSubject {
  kind: VerdictKind;
  componentId: string;
  symptom: string;
  otherMethodsWork: string;
}

/** What a reporter of `snapshot`'s service is told, with its alternatives as they stand on the board. */
export function tellVerdict(
  board: Board,
  snapshot: StatusSnapshot,
  locale: Locale,
  subject: VerdictSubject,
  situation: Pick<SituationWithTimes, "maintenanceUntil">,
): Verdict {
  return describeVerdict(snapshot.service, locale, {
    ...subject,
    maintenanceUntil: situation.maintenanceUntil,
    alternatives: liveAlternatives(board, snapshot.service),
  });
}
