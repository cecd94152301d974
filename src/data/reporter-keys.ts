import { eq, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { reporterKeys } from "../db/schema";
import { newSecret } from "../lib/id";

/**
 * The random key of one UTC day (see `reporterKeys` in src/db/schema.ts).
 * The first writer of a day creates it; everyone reads the one stored, so
 * every isolate hashes with the same key. Remembered in the isolate for the
 * day it belongs to; concurrent requests of a new day share one read.
 */
const remembered = new WeakMap<Database, { day: string; key: Promise<string> }>();

export function reporterKeyOf(db: Database, day: string, nowMs: number): Promise<string> {
  const memo = remembered.get(db);
  if (memo?.day === day) return memo.key;
  const key = readOrCreate(db, day, nowMs);
  remembered.set(db, { day, key });
  // A failed read is not remembered: the next report tries again.
  key.catch(() => {
    if (remembered.get(db)?.key === key) remembered.delete(db);
  });
  return key;
}

async function readOrCreate(db: Database, day: string, nowMs: number): Promise<string> {
  const [, rows] = await db.batch([
    db.insert(reporterKeys).values({ day, key: newSecret(), createdAt: nowMs }).onConflictDoNothing(),
    db.select({ key: reporterKeys.key }).from(reporterKeys).where(eq(reporterKeys.day, day)).limit(1),
  ]);
  return rows[0]!.key;
}

/** Deletes the keys of days before `day` (YYYY-MM-DD): their hashes can no longer be traced. */
export async function deleteReporterKeysBefore(db: Database, day: string): Promise<number> {
  const result = await db.delete(reporterKeys).where(lt(reporterKeys.day, day));
  return result.meta.changes ?? 0;
}
