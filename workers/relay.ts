import type { Queue } from "bullmq";
import { asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../src/db/client.ts";
import { outbox } from "../src/db/schema/index.ts";
import type { Logger } from "../src/logger.ts";
import { OUTBOX_CHANNEL } from "../src/services/outbox.ts";
import { JOBS, type JobName, parseJob } from "./catalog.ts";
import { startNotifiedLoop } from "./notified-loop.ts";

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
export function startOutboxRelay(opts: {
  database: Database;
  queues: QueueMap;
  logger: Logger;
  pollMs: number;
}): Promise<() => Promise<void>> {
  const { database, queues, logger } = opts;
  return startNotifiedLoop({
    name: "outbox relay",
    database,
    channel: OUTBOX_CHANNEL,
    pollMs: opts.pollMs,
    logger,
    pass: async () => {
      const moved = await relayOnce(database, queues, logger);
      if (moved) logger.debug({ moved }, "relayed outbox rows");
      return { full: moved === BATCH };
    },
  });
}
