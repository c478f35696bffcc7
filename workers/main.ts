/**
 * `npm run worker`: the queue workers alone (outbox relay, installs, drift). SIGTERM stops
 * taking jobs, lets the current step finish or abort at a safe point, and exits 0.
 */
import { configOrExit } from "../src/config/shared.ts";
import { createKeyRing } from "../src/crypto/keyring.ts";
import { createPinoLogger } from "../src/logger-pino.ts";
import { openNodeStorage } from "../src/node/database.ts";
import { stopOnSignals } from "../src/node/signals.ts";
import { parseWorkerConfig } from "./config.ts";
import { startWorkers } from "./runtime.ts";
import { workerSettings } from "./settings.ts";

const config = configOrExit(parseWorkerConfig(process.env), "worker");
const logger = createPinoLogger(config.LOG_LEVEL, { role: "worker" });

async function main() {
  const { database, keyRingSpec } = await openNodeStorage({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.MESHFLEET_DATA_DIR,
    encryptionKeys: config.MESHFLEET_ENCRYPTION_KEYS,
    logger,
  });
  const workers = await startWorkers({
    database,
    keyRing: await createKeyRing(keyRingSpec),
    logger,
    settings: workerSettings(config),
  });
  stopOnSignals(logger, async () => {
    await workers.close();
    await database.close();
  });
}

main().catch((err) => {
  logger.error({ err: { message: err.message } }, "worker start-up failed");
  process.exit(1);
});
