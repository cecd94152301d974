import { and, asc, eq, gt, gte, lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { reports } from "../db/schema";
import type { ReportRow } from "./reports";

/**
 * One page of reports received in [fromMs, toMs), after the (receivedAt, id)
 * cursor: keyset pagination, so an export of any size streams in constant memory.
 */
export function reportsPage(
  db: Database,
  fromMs: number,
  toMs: number,
  after: { receivedAt: number; id: string } | null,
  limit = 500,
): Promise<ReportRow[]> {
  const range = and(gte(reports.receivedAt, fromMs), lt(reports.receivedAt, toMs));
  const cursor = after
    ? or(
        gt(reports.receivedAt, after.receivedAt),
        and(eq(reports.receivedAt, after.receivedAt), gt(reports.id, after.id)),
      )
    : undefined;
  return db
    .select()
    .from(reports)
    .where(cursor ? and(range, cursor) : range)
    .orderBy(asc(reports.receivedAt), asc(reports.id))
    .limit(limit);
}
