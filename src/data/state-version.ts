import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { settings } from "../db/schema";

/**
 * The public state's version: the time of the last write that changes what
 * the page or API shows about status (components, groups, incidents,
 * maintenance). Cached pages and the status snapshot are keyed by it, so such
 * a write makes every cached copy unreachable at once, in every location,
 * without a purge. Time series (reports, probe results, uptime) are not
 * versioned: they change every second and are bounded by the cache TTL.
 */
const KEY = "state_version";

/** The statement that bumps the version; only `publish` (src/data/publish.ts) adds it to a batch. */
export function bumpStateVersion(db: Database, nowMs: number = Date.now()) {
  return db
    .insert(settings)
    .values({ key: KEY, value: 0, updatedAt: nowMs })
    .onConflictDoUpdate({
      target: settings.key,
      set: { updatedAt: sql`MAX(${settings.updatedAt} + 1, excluded.updated_at)` },
    });
}

/** The version as a query, unawaited, so a reader can put it in the same D1 batch as the rows it versions. */
export function stateVersionQuery(db: Database) {
  return db.select({ version: settings.updatedAt }).from(settings).where(eq(settings.key, KEY)).limit(1);
}

export async function readStateVersion(db: Database): Promise<number> {
  const [row] = await stateVersionQuery(db);
  return row?.version ?? 0;
}

/**
 * The version as remembered by this isolate for up to `memoMs`, so a crowd of
 * cache hits costs one tiny read per second, not one per request. A write in
 * this isolate forgets it at once.
 */
const memos = new WeakMap<Database, { version: number; at: number }>();

export async function recentStateVersion(db: Database, nowMs: number, memoMs = 1000): Promise<number> {
  const memo = memos.get(db);
  if (memo && nowMs - memo.at < memoMs) return memo.version;
  const version = await readStateVersion(db);
  memos.set(db, { version, at: nowMs });
  return version;
}

export function forgetStateVersion(db: Database): void {
  memos.delete(db);
}
