import type { Queue } from "bullmq";
import type { Database } from "../../src/db/client.ts";
import type { Logger } from "../../src/logger.ts";
import { WEBHOOKS_CHANNEL } from "../../src/services/webhooks-fanout.ts";
import type { Clock } from "./deps.ts";
import { DISPATCH_BATCH, dispatchDue } from "./dispatcher.ts";

/**
 * Runs the dispatcher: woken by NOTIFY when events fan out, polling for retries that come due,
 * and backing off while Redis or the database is unreachable (the rows wait meanwhile).
 * Returns a function that stops it.
 */
export async function startWebhookDispatcher(opts: {
  database: Database;
  queue: Queue;
  logger: Logger;
  pollMs: number;
  leaseMs: number;
  clock: Clock;
}): Promise<() => Promise<void>> {
  const { database, queue, logger } = opts;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(kick, delayMs);
  };
  const pass = async () => {
    let moved: number;
    do {
      again = false;
      moved = await dispatchDue(database.db, queue, { nowMs: opts.clock(), leaseMs: opts.leaseMs });
    } while ((moved === DISPATCH_BATCH || again) && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .then(
        () => {
          if (failures > 0) logger.info({ after: failures }, "webhook dispatcher recovered");
          failures = 0;
          schedule(opts.pollMs);
        },
        (err) => {
          failures += 1;
          const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
          if (failures === 1 || failures % 20 === 0) {
            logger.warn(
              { err: String(err), failures, retryInMs: delay },
              "webhook dispatch failed; deliveries stay due in the database",
            );
          }
          schedule(delay);
        },
      )
      .finally(() => {
        running = undefined;
      });
  };

  let unlisten: (() => Promise<void>) | undefined;
  try {
    unlisten = await database.listen(WEBHOOKS_CHANNEL, kick);
  } catch (err) {
    logger.warn({ err: String(err) }, "LISTEN failed; dispatching webhooks by polling only");
  }
  kick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    await unlisten?.().catch(() => {});
  };
}
