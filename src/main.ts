/**
 * `npm start`: the API, and the workers in the same process, on the embedded defaults unless
 * configured otherwise (README lists every variable).
 */

import { parseWorkerConfig } from "../workers/config.ts";
import { startWorkers } from "../workers/runtime.ts";
import { workerSettings } from "../workers/settings.ts";
import { parseApiConfig } from "./config/api.ts";
import { configOrExit } from "./config/shared.ts";
import { createKeyRing } from "./crypto/keyring.ts";
import { createPinoLogger } from "./logger-pino.ts";
import { startApiServer } from "./node/api-server.ts";
import { openNodeStorage } from "./node/database.ts";
import { ensureRedis } from "./node/redis.ts";
import { stopOnSignals } from "./node/signals.ts";
import { bootstrapAdminKey } from "./services/tenants.ts";

const config = configOrExit(parseApiConfig(process.env), "api");
const logger = createPinoLogger(config.LOG_LEVEL);

async function main() {
  const redis = config.MESHFLEET_RUN_WORKERS ? await ensureRedis(config.REDIS_URL, logger) : undefined;
  const { database, keyRingSpec } = await openNodeStorage({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.MESHFLEET_DATA_DIR,
    encryptionKeys: config.MESHFLEET_ENCRYPTION_KEYS,
    logger,
  });
  if (config.MESHFLEET_BOOTSTRAP_ADMIN_KEY) {
    const installed = await bootstrapAdminKey(
      database.db,
      config.MESHFLEET_BOOTSTRAP_TENANT,
      config.MESHFLEET_BOOTSTRAP_ADMIN_KEY,
    );
    if (installed)
      logger.info({ tenant: config.MESHFLEET_BOOTSTRAP_TENANT }, "installed the bootstrap admin key");
  }
  const api = await startApiServer({ config, database, keyRingSpec, logger });
  const workers = config.MESHFLEET_RUN_WORKERS
    ? await startWorkers({
        database,
        keyRing: await createKeyRing(keyRingSpec),
        logger: logger.child({ role: "worker" }),
        settings: workerSettings(configOrExit(parseWorkerConfig(process.env), "worker")),
      })
    : undefined;

  stopOnSignals(logger, async () => {
    await api.close();
    await workers?.close();
    await database.close();
    redis?.kill();
  });
}

main().catch((err) => {
  logger.error({ err: { message: err.message, cause: String(err.cause ?? "") } }, "start-up failed");
  process.exit(1);
});
