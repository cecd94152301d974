import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "../db/client";
import { bumpStateVersion, forgetStateVersion } from "./state-version";

export type Statement = BatchItem<"sqlite">;

/**
 * The one write path for what the public sees (components, groups, incidents,
 * maintenance): the statements and the public state version's bump run as one
 * D1 batch, one transaction, so no cached page or snapshot built before the
 * write is served after it. Every such write in src/data goes through here.
 */
export async function publish(db: Database, statements: Statement[], nowMs = Date.now()): Promise<void> {
  if (statements.length === 0) return;
  const all: Statement[] = [...statements, bumpStateVersion(db, nowMs)];
  await db.batch(all as [Statement, ...Statement[]]);
  forgetStateVersion(db);
}

/**
 * Writes that belong together but that the public does not see (detector
 * state, baselines, episodes, webhook deliveries): one batch, no bump, so
 * bookkeeping never empties the caches while a crowd is reading them.
 */
export async function writeInternal(db: Database, statements: Statement[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [Statement, ...Statement[]]);
}
