import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateKeyRingSpec } from "../crypto/keyring.ts";
import { type Database, openPglite, openPostgres } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import type { Logger } from "../logger.ts";

/**
 * Opens the configured database and applies every migration. With no DATABASE_URL it is the
 * embedded PGlite in `<dataDir>/pglite`. Throws on failure; entry points exit non-zero.
 */
export async function openMigratedDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  logger: Logger;
  maxConnections?: number;
}): Promise<Database> {
  let database: Database;
  if (opts.databaseUrl) {
    database = await openPostgres({ url: opts.databaseUrl, max: opts.maxConnections });
  } else {
    const dir = join(opts.dataDir, "pglite");
    await mkdir(dir, { recursive: true });
    opts.logger.info({ dir }, "using the embedded PGlite database (set DATABASE_URL for Postgres)");
    database = await openPglite(dir);
  }
  try {
    await migrateDatabase(database);
  } catch (err) {
    await database.close().catch(() => {});
    throw new Error(`database migration failed: ${(err as Error).message}`, { cause: err });
  }
  return database;
}

/**
 * The encryption key ring spec: from configuration, or for the embedded default a local key
 * generated once into the data directory (with a warning: back it up with the data).
 */
export async function resolveKeyRingSpec(opts: {
  configured?: string;
  dataDir: string;
  logger: Logger;
}): Promise<string> {
  if (opts.configured) return opts.configured;
  const file = join(opts.dataDir, "encryption-keys");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await mkdir(opts.dataDir, { recursive: true });
  const spec = generateKeyRingSpec();
  await writeFile(file, `${spec}\n`, { mode: 0o600, flag: "wx" });
  opts.logger.warn(
    { file },
    "MESHFLEET_ENCRYPTION_KEYS is not set: generated a local encryption key; losing it loses every stored kubeconfig",
  );
  return spec;
}

/** The database and key ring every Node entry point starts from. */
export async function openNodeStorage(opts: {
  databaseUrl?: string;
  dataDir: string;
  encryptionKeys?: string;
  logger: Logger;
}): Promise<{ database: Database; keyRingSpec: string }> {
  const keyRingSpec = await resolveKeyRingSpec({
    configured: opts.encryptionKeys,
    dataDir: opts.dataDir,
    logger: opts.logger,
  });
  const database = await openMigratedDatabase(opts);
  return { database, keyRingSpec };
}
