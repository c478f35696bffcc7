import { sql } from "drizzle-orm";
import { createApp } from "../api/app.ts";
import type { App } from "../api/context.ts";
import { createKeyRing } from "../crypto/keyring.ts";
import type { Logger } from "../logger.ts";
import type { EdgeConfig } from "./config.ts";
import { requestDb } from "./database.ts";
import { createBindingRateLimiter } from "./rate-limiter.ts";

/**
 * The same app as on Node, with the Worker's dependencies. Built once per isolate; only the
 * database is per request, reached through `requestDb()`.
 */
export async function createEdgeApp(config: EdgeConfig, logger: Logger): Promise<App> {
  return createApp({
    get db() {
      return requestDb();
    },
    keyRing: await createKeyRing(config.MESHFLEET_ENCRYPTION_KEYS),
    logger,
    ping: async () => {
      await requestDb().execute(sql`select 1`);
    },
    rateLimiter: createBindingRateLimiter(config.RATE_LIMITER),
    settings: {
      allowLoopbackClusters: config.MESHFLEET_ALLOW_LOOPBACK_CLUSTERS,
      allowInsecureWebhooks: config.MESHFLEET_ALLOW_INSECURE_WEBHOOKS,
      allowLoopbackWebhooks: config.MESHFLEET_ALLOW_LOOPBACK_WEBHOOKS,
      bodyLimitBytes: config.MESHFLEET_BODY_LIMIT_BYTES,
    },
  });
}
