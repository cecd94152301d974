import { and, asc, eq, gt, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { subscribers } from "../db/schema";

export type { SubscriberRow } from "./subscribers";

/** What a notice is about, as far as who follows it goes. */
export interface Followed {
  serviceId: string;
  componentIds: string[];
  incidentId: string | null;
}

/**
 * One page of the confirmed subscribers who follow something, in id order
 * after `after`: those who follow the whole service (no components and no
 * incidents chosen), one of its components, or the incident itself. A sign-up
 * not confirmed yet is never among them. The components travel as one JSON
 * parameter, however many there are.
 */
export async function followerIds(
  db: Database,
  followed: Followed,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: subscribers.id })
    .from(subscribers)
    .where(
      and(
        eq(subscribers.serviceId, followed.serviceId),
        isNotNull(subscribers.confirmedAt),
        after === null ? undefined : gt(subscribers.id, after),
        or(
          and(isNull(subscribers.componentIds), isNull(subscribers.incidentIds)),
          sql`EXISTS (SELECT 1 FROM json_each(${subscribers.componentIds}) f
            WHERE f.value IN (SELECT value FROM json_each(${JSON.stringify(followed.componentIds)})))`,
          followed.incidentId === null
            ? undefined
            : sql`EXISTS (SELECT 1 FROM json_each(${subscribers.incidentIds}) f WHERE f.value = ${followed.incidentId})`,
        ),
      ),
    )
    .orderBy(asc(subscribers.id))
    .limit(limit);
  return rows.map((row) => row.id);
}
