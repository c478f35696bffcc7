import postgres from "postgres";
import { openPostgres } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { ADMIN_URL, templateName, urlFor } from "./postgres.ts";

/**
 * Once per test run: builds the migrated template database every test database is cloned
 * from, and drops test databases left behind by runs that were killed.
 */
export default async function setup() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const template = templateName();
  try {
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'meshfleet_t\\_%'`;
    // Only databases older than two hours: another test run may be using the newer ones.
    const cutoff = Math.floor(Date.now() / 1000) - 2 * 3600;
    for (const { datname } of stale) {
      const created = Number(datname.split("_")[2]);
      if (Number.isFinite(created) && created > cutoff) continue;
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
    if (!exists) {
      const building = `${template}_build`;
      await admin.unsafe(`drop database if exists ${building} with (force)`);
      await admin.unsafe(`create database ${building}`);
      const db = await openPostgres({ url: urlFor(building), max: 1 });
      try {
        await migrateDatabase(db);
      } finally {
        await db.close();
      }
      await admin.unsafe(`alter database ${building} rename to ${template}`);
    }
  } finally {
    await admin.end();
  }
}
