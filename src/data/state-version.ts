import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { settings } from "../db/schema";

/**
 * The public state's version: the time of the last write that changes what the
 * page or API shows (incidents, maintenance, component status). Cached pages
 * are keyed by it, so such a write makes every cached copy unreachable at once,
 * in every location, without a purge.
 */
const KEY = "state_version";

/** A statement to add to the batch that changes public state. */
export function bumpStateVersion(db: Database, nowMs: number = Date.now()) {
  return db
    .insert(settings)
    .values({ key: KEY, value: 0, updatedAt: nowMs })
    .onConflictDoUpdate({
      target: settings.key,
      set: { updatedAt: sql`MAX(${settings.updatedAt} + 1, excluded.updated_at)` },
    });
}

export async function readStateVersion(db: Database): Promise<number> {
  const [row] = await db.select({ version: settings.updatedAt }).from(settings).where(eq(settings.key, KEY)).limit(1);
  return row?.version ?? 0;
}

/**
 * The version as remembered by this isolate for up to `memoMs`, so a crowd of
 * cache hits costs one tiny read per second, not one per request. A write in
 * this isolate forgets it at once.
 */
let memo: { version: number; at: number } | undefined;

export async function recentStateVersion(db: Database, nowMs: number, memoMs = 1000): Promise<number> {
  if (memo && nowMs - memo.at < memoMs) return memo.version;
  const version = await readStateVersion(db);
  memo = { version, at: nowMs };
  return version;
}

export function forgetStateVersion(): void {
  memo = undefined;
}
