/**
 * `npm run worker`: the queue workers alone (outbox relay, installs, drift). SIGTERM stops
 * taking jobs, lets the current step finish or abort at a safe point, and exits 0.
 */
import { configOrExit } from "../src/config/shared.ts";
import { createKeyRing } from "../src/crypto/keyring.ts";
import { createPinoLogger } from "../src/logger-pino.ts";
import { openMigratedDatabase, resolveKeyRingSpec } from "../src/node/database.ts";
import { parseWorkerConfig } from "./config.ts";
import { startWorkers } from "./runtime.ts";
import { workerSettings } from "./settings.ts";

const config = configOrExit(parseWorkerConfig(process.env), "worker");
const logger = createPinoLogger(config.LOG_LEVEL, { role: "worker" });

async function main() {
  const keyRingSpec = await resolveKeyRingSpec({
    configured: config.MESHFLEET_ENCRYPTION_KEYS,
    dataDir: config.MESHFLEET_DATA_DIR,
    logger,
  });
  const database = await openMigratedDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.MESHFLEET_DATA_DIR,
    logger,
  });
  const workers = await startWorkers({
    database,
    keyRing: await createKeyRing(keyRingSpec),
    logger,
    settings: workerSettings(config),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await workers.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err) => {
  logger.error({ err: { message: err.message } }, "worker start-up failed");
  process.exit(1);
});
