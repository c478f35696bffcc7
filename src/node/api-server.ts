import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { createApp } from "../api/app.ts";
import type { ApiConfig } from "../config/api.ts";
import { createKeyRing } from "../crypto/keyring.ts";
import type { Database } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { validateWebhookUrl } from "../notify/send/validate-url.ts";
import { createPostgresRateLimiter } from "./rate-limit-postgres.ts";

/** Starts the HTTP API on Node; resolves once listening, with a function that stops it. */
export async function startApiServer(opts: {
  config: ApiConfig;
  database: Database;
  keyRingSpec: string;
  logger: Logger;
}): Promise<{ port: number; close: () => Promise<void> }> {
  const { config, database, logger } = opts;
  const app = createApp({
    db: database.db,
    keyRing: await createKeyRing(opts.keyRingSpec),
    logger,
    ping: async () => {
      await database.db.execute(sql`select 1`);
    },
    rateLimiter: createPostgresRateLimiter(database.db, {
      perMinute: config.MESHFLEET_RATE_LIMIT_PER_MINUTE,
    }),
    settings: {
      allowLoopbackClusters: config.MESHFLEET_ALLOW_LOOPBACK_CLUSTERS,
      allowInsecureWebhooks: config.MESHFLEET_ALLOW_INSECURE_WEBHOOKS,
      allowLoopbackWebhooks: config.MESHFLEET_ALLOW_LOOPBACK_WEBHOOKS,
      bodyLimitBytes: config.MESHFLEET_BODY_LIMIT_BYTES,
    },
    validateWebhookUrl: (raw, policy) => validateWebhookUrl(raw, policy),
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
      logger.info({ host: config.HOST, port: info.port }, "meshfleet API listening");
      resolve({
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once("error", reject);
  });
}
