import { AsyncLocalStorage } from "node:async_hooks";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../db/client.ts";
import * as schema from "../db/schema/index.ts";

/** One request's database: opened on first use, so routes without queries cost nothing. */
export interface RequestDatabase {
  readonly db: Db;
  /** Releases the connections, if the request opened any. */
  close(): Promise<void>;
}

/**
 * A postgres.js client for one request, through Hyperdrive. A Worker may not reuse a socket
 * opened by another request, and Hyperdrive already pools the real connections, so Cloudflare
 * recommends a client per request. Settings, each for a reason:
 * - `max: 5`: Workers allow six outbound connections per invocation;
 * - `prepare: false`: the client dies with the request, so named statements would be
 *   prepared and never reused; unnamed ones cost one round trip less;
 * - `fetch_types: false`: the schema has no Postgres arrays (jsonb only), and fetching types
 *   would be one more query on every request.
 */
export function openRequestDatabase(connectionString: string): RequestDatabase {
  let opened: { client: postgres.Sql; db: Db } | undefined;
  return {
    get db() {
      if (!opened) {
        const client = postgres(connectionString, {
          max: 5,
          prepare: false,
          fetch_types: false,
          onnotice: () => {},
        });
        opened = { client, db: drizzle(client, { schema }) as unknown as Db };
      }
      return opened.db;
    },
    close: async () => {
      await opened?.client.end({ timeout: 5 });
    },
  };
}

const current = new AsyncLocalStorage<RequestDatabase>();

/** Runs `fn` with `database` as the request's database (see `requestDb`). */
export function withRequestDatabase<T>(database: RequestDatabase, fn: () => Promise<T>): Promise<T> {
  return current.run(database, fn);
}

/**
 * The database of the request being served. The app is built once per isolate with
 * `deps.db` as a getter over this, so routes stay unaware that the client is per request.
 */
export function requestDb(): Db {
  const database = current.getStore();
  if (!database) throw new Error("no request database: deps.db was used outside a Worker request");
  return database.db;
}
