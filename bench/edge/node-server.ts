/**
 * Child process for bench/edge/run.ts: the Node API server (`startApiServer`, as `npm start`
 * runs it, Postgres-backed rate limiter included) on a loopback port, reported over IPC.
 * Configuration comes from the environment, parsed like the real entry point.
 */
import { parseApiConfig } from "../../src/config/api.ts";
import { configOrExit } from "../../src/config/shared.ts";
import { openPostgres } from "../../src/db/client.ts";
import { createPinoLogger } from "../../src/logger-pino.ts";
import { startApiServer } from "../../src/node/api-server.ts";

const config = configOrExit(parseApiConfig(process.env), "bench node server");
const logger = createPinoLogger(config.LOG_LEVEL);
const database = await openPostgres({ url: config.DATABASE_URL!, max: 10 });
const api = await startApiServer({
  config,
  database,
  keyRingSpec: config.MESHFLEET_ENCRYPTION_KEYS!,
  logger,
});
process.send?.({ port: api.port });
process.on("disconnect", async () => {
  await api.close();
  await database.close();
  process.exit(0);
});
