import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPostgres } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { ADMIN_URL, urlFor } from "../../test/support/postgres.ts";

/**
 * A fresh, migrated database for one bench run, dropped by `drop()`. Its own name prefix, so
 * the test runner's clean-up of stale test databases never touches it mid-run.
 */
export async function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `meshfleet_bench_${randomBytes(5).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = urlFor(name);
  const database = await openPostgres({ url, max: 1 });
  await migrateDatabase(database);
  await database.close();
  return {
    url,
    drop: async () => {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
