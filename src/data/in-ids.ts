import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * `column IN (the ids)`, the ids bound as one JSON parameter: any number of
 * components stays inside D1's 100 bound parameters per statement, and SQLite
 * still searches the column's index once per id.
 */
export function inIds(column: Column, ids: readonly string[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}
