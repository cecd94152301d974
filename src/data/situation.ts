import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { incidentComponents, incidents } from "../db/schema";
import type { ComponentSituation } from "../domain/verdict-kind";

export interface ComponentSituationWithTimes extends ComponentSituation {
  maintenanceUntil: number | null;
}

const CLOSED_REVIEWS = new Set(["dismissed", "merged"]);
const FINISHED_MAINTENANCE = new Set(["completed", "cancelled"]);

/**
 * What is open for one component right now: maintenance covering it, an open
 * outage incident, an open account wave. One indexed query over open rows only.
 */
export async function componentSituation(
  db: Database,
  componentId: string,
  nowMs: number,
): Promise<ComponentSituationWithTimes> {
  return situationFromRows(await situationQuery(db, componentId), nowMs);
}

/** The query behind componentSituation, unawaited, so callers can put it in a D1 batch. */
export function situationQuery(db: Database, componentId: string) {
  return db
    .select({
      type: incidents.type,
      status: incidents.status,
      detectedKind: incidents.detectedKind,
      review: incidents.review,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
    })
    .from(incidentComponents)
    .innerJoin(incidents, eq(incidents.id, incidentComponents.incidentId))
    .where(and(eq(incidentComponents.componentId, componentId), isNull(incidents.resolvedAt)));
}

export type SituationRow = Awaited<ReturnType<typeof situationQuery>>[number];

export function situationFromRows(rows: SituationRow[], nowMs: number): ComponentSituationWithTimes {
  const situation: ComponentSituationWithTimes = {
    maintenance: false,
    outage: false,
    accountWave: false,
    maintenanceUntil: null,
  };
  for (const row of rows) {
    if (row.type === "maintenance") {
      if (FINISHED_MAINTENANCE.has(row.status)) continue;
      const inWindow =
        row.scheduledFor != null &&
        row.scheduledFor <= nowMs &&
        (row.scheduledUntil == null || row.scheduledUntil > nowMs);
      if (row.status === "in_progress" || row.status === "verifying" || inWindow) {
        situation.maintenance = true;
        situation.maintenanceUntil = Math.max(situation.maintenanceUntil ?? 0, row.scheduledUntil ?? 0) || null;
      }
      continue;
    }
    if (row.review && CLOSED_REVIEWS.has(row.review)) continue;
    if (row.detectedKind === "account_wave") situation.accountWave = true;
    else situation.outage = true;
  }
  return situation;
}
