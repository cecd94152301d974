import { asc, eq } from "drizzle-orm";
import type { ServiceRecord } from "../config/registry";
import type { Database } from "../db/client";
import { services } from "../db/schema";

export type ServiceRow = typeof services.$inferSelect;

/** Every stored service in board order, as a query (awaitable, or part of a D1 batch). */
export function listServiceRows(db: Database) {
  return db.select().from(services).orderBy(asc(services.position), asc(services.id));
}

export async function findServiceRow(db: Database, id: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(services).where(eq(services.id, id)).limit(1);
  return row;
}

export function serviceRecord(row: ServiceRow): ServiceRecord {
  return { id: row.id, preset: row.preset, overrides: row.overrides, enabled: row.enabled, position: row.position };
}
