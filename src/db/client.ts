import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.ts";

/** The drizzle database, whichever driver is underneath. Transactions are assignable to it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database with its driver kind and a way to close it. */
export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Subscribes to a NOTIFY channel; returns an unsubscribe function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface PostgresOptions {
  url: string;
  max?: number;
  /** Used by the Cloudflare entry, which must not keep sockets between requests. */
  prepare?: boolean;
}

/** Opens Postgres through postgres.js (Node and Workers with nodejs_compat). */
export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(opts.url, {
    max: opts.max ?? 10,
    prepare: opts.prepare ?? true,
    onnotice: () => {},
    connection: { application_name: "meshfleet" },
  });
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    kind: "postgres",
    async listen(channel, onNotify) {
      const sub = await client.listen(channel, () => onNotify());
      return () => sub.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Opens the embedded PGlite database in `dataDir` (created when missing). */
export async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create(dataDir);
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    kind: "pglite",
    async listen(channel, onNotify) {
      const unsub = await client.listen(channel, () => onNotify());
      return () => unsub();
    },
    close: () => client.close(),
  };
}
