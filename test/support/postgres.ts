import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { type Database, openPostgres } from "../../src/db/client.ts";
import { MIGRATIONS_DIR } from "../../src/db/migrate.ts";

/** The machine's Postgres (trust auth); override with TEST_DATABASE_URL. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Template database name, derived from the migrations so a schema change makes a new one. */
export function templateName(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    if (file.endsWith(".sql")) hash.update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  hash.update(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json")));
  return `meshfleet_tpl_${hash.digest("hex").slice(0, 12)}`;
}

/** A URL for another database on the same server. */
export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database cloned from the migrated template; `drop()` removes it. */
export async function createTestDatabase(): Promise<Database & { url: string; drop: () => Promise<void> }> {
  // The creation time in the name lets a later run drop only databases left by dead runs.
  const name = `meshfleet_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${templateName()}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const database = await openPostgres({ url, max: 5 });
  return {
    ...database,
    url,
    drop: async () => {
      await database.close();
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
