import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPostgres } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { ADMIN_URL, templateName, urlFor } from "../../test/support/postgres.ts";

/**
 * Makes sure the migrated template that `createTestDatabase` clones exists: the template half
 * of test/support/global-setup.ts only. That setup also drops stale `meshfleet_t_*` databases
 * and any half-built template by a fixed name, which test runs going on beside the bench
 * would feel; a unique build name and a rename that tolerates losing the race avoid both.
 */
export async function ensureTemplate(): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const template = templateName();
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
    if (exists) return;
    const building = `${template}_b${randomBytes(3).toString("hex")}`;
    await admin.unsafe(`create database ${building}`);
    const db = await openPostgres({ url: urlFor(building), max: 1 });
    try {
      await migrateDatabase(db);
    } finally {
      await db.close();
    }
    try {
      await admin.unsafe(`alter database ${building} rename to ${template}`);
    } catch {
      // Someone else finished first: theirs is the same schema.
      await admin.unsafe(`drop database if exists ${building} with (force)`);
    }
  } finally {
    await admin.end();
  }
}
