import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = ReturnType<typeof makeDatabase>;

function makeDatabase(d1: D1Database) {
  return drizzle(d1, { schema });
}

// drizzle() walks the whole schema to build its relational config, which cost
// more CPU than the rest of a queued report together. The D1 binding is the
// same object for every request of an isolate, so one client per binding.
const clients = new WeakMap<D1Database, Database>();

export function database(d1: D1Database): Database {
  let client = clients.get(d1);
  if (!client) {
    client = makeDatabase(d1);
    clients.set(d1, client);
  }
  return client;
}

export { schema };
