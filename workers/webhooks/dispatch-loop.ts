import type { Queue } from "bullmq";
import type { Database } from "../../src/db/client.ts";
import type { Logger } from "../../src/logger.ts";
import { WEBHOOKS_CHANNEL } from "../../src/services/webhooks-fanout.ts";
import { startNotifiedLoop } from "../notified-loop.ts";
import type { Clock } from "./deps.ts";
import { DISPATCH_BATCH, dispatchDue } from "./dispatcher.ts";

/**
 * Runs the dispatcher: woken by NOTIFY when events fan out, polling for retries that come due,
 * and backing off while Redis or the database is unreachable (the rows wait meanwhile).
 * Returns a function that stops it.
 */
export function startWebhookDispatcher(opts: {
  database: Database;
  queue: Queue;
  logger: Logger;
  pollMs: number;
  leaseMs: number;
  clock: Clock;
}): Promise<() => Promise<void>> {
  return startNotifiedLoop({
    name: "webhook dispatcher",
    database: opts.database,
    channel: WEBHOOKS_CHANNEL,
    pollMs: opts.pollMs,
    logger: opts.logger,
    pass: async () => {
      const moved = await dispatchDue(opts.database.db, opts.queue, {
        nowMs: opts.clock(),
        leaseMs: opts.leaseMs,
      });
      return { full: moved === DISPATCH_BATCH };
    },
  });
}
