import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { componentGroups, components } from "../db/schema";

export type ComponentRow = typeof components.$inferSelect;
export type ComponentGroupRow = typeof componentGroups.$inferSelect;

/** Every component in page order, as a query (awaitable, or part of a D1 batch). */
export function listComponents(db: Database) {
  return db.select().from(components).orderBy(asc(components.position), asc(components.id));
}

/** Every group in page order, as a query (awaitable, or part of a D1 batch). */
export function listComponentGroups(db: Database) {
  return db.select().from(componentGroups).orderBy(asc(componentGroups.position), asc(componentGroups.id));
}

export async function findComponent(db: Database, id: string): Promise<ComponentRow | undefined> {
  const [row] = await db.select().from(components).where(eq(components.id, id)).limit(1);
  return row;
}
