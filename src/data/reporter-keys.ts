import { eq, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { reporterKeys } from "../db/schema";
import { newSecret } from "../lib/id";

/**
 * The random key of one UTC day (see `reporterKeys` in src/db/schema.ts).
 * The first writer of a day creates it; everyone reads the one stored, so
 * every isolate hashes with the same key. Remembered in the isolate for the
 * day it belongs to.
 */
const remembered = new WeakMap<Database, { day: string; key: string }>();

export async function reporterKeyOf(db: Database, day: string, nowMs: number): Promise<string> {
  const memo = remembered.get(db);
  if (memo?.day === day) return memo.key;
  const [, rows] = await db.batch([
    db.insert(reporterKeys).values({ day, key: newSecret(), createdAt: nowMs }).onConflictDoNothing(),
    db.select({ key: reporterKeys.key }).from(reporterKeys).where(eq(reporterKeys.day, day)).limit(1),
  ]);
  const key = rows[0]!.key;
  remembered.set(db, { day, key });
  return key;
}

/** Deletes the keys of days before `day` (YYYY-MM-DD): their hashes can no longer be traced. */
export async function deleteReporterKeysBefore(db: Database, day: string): Promise<number> {
  const result = await db.delete(reporterKeys).where(lt(reporterKeys.day, day));
  return result.meta.changes ?? 0;
}
