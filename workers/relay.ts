import type { Queue } from "bullmq";
import { asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../src/db/client.ts";
import { outbox } from "../src/db/schema/index.ts";
import type { Logger } from "../src/logger.ts";
import { OUTBOX_CHANNEL } from "../src/services/outbox.ts";
import { JOBS, type JobName, parseJob } from "./catalog.ts";

const BATCH = 200;

/** Queue name → BullMQ queue, for every queue the catalog names. */
export type QueueMap = ReadonlyMap<string, Queue>;

/**
 * Moves outbox rows into BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * relays share the work, and marked relayed in the same transaction as the enqueue: if Redis
 * is down the transaction rolls back and the rows wait. Job ids come from the row id, so a
 * row enqueued twice (crash after add, before commit) is still one job.
 */
export async function relayOnce(database: Database, queues: QueueMap, logger: Logger): Promise<number> {
  return database.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(isNull(outbox.relayedAt))
      .orderBy(asc(outbox.id))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return 0;
    const relayed: number[] = [];
    for (const row of rows) {
      let job: { name: JobName; payload: unknown };
      try {
        job = parseJob(row.job, row.payload);
      } catch (err) {
        logger.error({ outboxId: row.id, job: row.job, err: String(err) }, "dropping an invalid outbox row");
        await tx
          .update(outbox)
          .set({ relayedAt: new Date(), lastError: `invalid: ${String(err)}`.slice(0, 1000) })
          .where(eq(outbox.id, row.id));
        continue;
      }
      const spec = JOBS[job.name];
      await queues.get(spec.queue)!.add(job.name, job.payload, {
        jobId: `outbox-${row.id}`,
        attempts: spec.attempts,
        backoff: { type: "meshfleet" },
        removeOnComplete: { count: 5000 },
        removeOnFail: { count: 5000 },
      });
      relayed.push(row.id);
    }
    if (relayed.length) {
      await tx
        .update(outbox)
        .set({ relayedAt: new Date(), attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, relayed));
    }
    return relayed.length;
  });
}

/**
 * Runs the relay: woken by NOTIFY, with a polling fallback, backing off while Redis (or the
 * database) is unreachable. Returns a function that stops it.
 */
export async function startOutboxRelay(opts: {
  database: Database;
  queues: QueueMap;
  logger: Logger;
  pollMs: number;
}): Promise<() => Promise<void>> {
  const { database, queues, logger } = opts;
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
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        let moved: number;
        do {
          again = false;
          moved = await relayOnce(database, queues, logger);
          if (moved) logger.debug({ moved }, "relayed outbox rows");
        } while ((moved === BATCH || again) && !stopped);
        if (failures > 0) logger.info({ after: failures }, "outbox relay recovered");
        failures = 0;
        schedule(opts.pollMs);
      } catch (err) {
        failures += 1;
        const delay = Math.min(5_000, 250 * 2 ** Math.min(failures, 5));
        if (failures === 1 || failures % 20 === 0) {
          logger.warn(
            { err: String(err), failures, retryInMs: delay },
            "outbox relay failed; rows stay in the outbox",
          );
        }
        schedule(delay);
      } finally {
        running = undefined;
      }
    })();
  };

  let unlisten: (() => Promise<void>) | undefined;
  try {
    unlisten = await database.listen(OUTBOX_CHANNEL, kick);
  } catch (err) {
    logger.warn({ err: String(err) }, "LISTEN failed; relaying by polling only");
  }
  kick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    await unlisten?.().catch(() => {});
  };
}
