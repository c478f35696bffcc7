/**
 * The delivery dispatcher: due rows of `webhook_deliveries` become BullMQ jobs. The rows are
 * the source of truth (they are written with their events), so this plays the outbox relay's
 * part for webhooks and also covers retries: a retry is a row whose `next_attempt_at` comes
 * due again. Rows are claimed with FOR UPDATE SKIP LOCKED and pushed `leaseMs` into the future
 * in the same transaction as the enqueue: if Redis is down the transaction rolls back and the
 * rows stay due; if a job is lost after that, the lease runs out and the row is dispatched
 * again (the job's claim makes a duplicate harmless).
 */
import type { JobsOptions, Queue } from "bullmq";
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { webhookDeliveries, webhooks } from "../../src/db/schema/index.ts";
import { isChatFormat } from "../../src/notify/message.ts";
import { JOBS } from "../catalog.ts";

/** Rows dispatched per transaction. */
export const DISPATCH_BATCH = 500;

const KEEP = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } } satisfies JobsOptions;

interface Job {
  name: string;
  data: Record<string, unknown>;
  opts: JobsOptions;
}

/** Dispatches up to one batch of due deliveries at `nowMs`; returns how many rows it took. */
export async function dispatchDue(
  db: Db,
  queue: Queue,
  opts: { nowMs: number; leaseMs: number; batch?: number },
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: webhookDeliveries.id,
        webhookId: webhookDeliveries.webhookId,
        attempts: webhookDeliveries.attempts,
        due: webhookDeliveries.nextAttemptAt,
        format: webhooks.format,
      })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(
        and(
          eq(webhookDeliveries.status, "pending"),
          lte(webhookDeliveries.nextAttemptAt, new Date(opts.nowMs)),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(opts.batch ?? DISPATCH_BATCH)
      .for("update", { of: webhookDeliveries, skipLocked: true });
    if (rows.length === 0) return 0;

    const jobs: Job[] = [];
    const chat = new Set<string>();
    for (const row of rows) {
      if (isChatFormat(row.format)) {
        chat.add(row.webhookId);
        continue;
      }
      const attempt = row.attempts + 1;
      jobs.push({
        name: "webhook-deliver",
        data: { deliveryId: row.id, attempt },
        // Unique per due time: a redelivered row (attempts back to 0) must not collide with
        // its first life's job still kept in Redis.
        opts: { jobId: `whd-${row.id}-${attempt}-${row.due.getTime()}`, attempts: 1, ...KEEP },
      });
    }
    for (const webhookId of chat) {
      const spec = JOBS["webhook-chat"];
      jobs.push({
        name: "webhook-chat",
        data: { webhookId },
        opts: { attempts: spec.attempts, backoff: { type: "meshfleet" }, ...KEEP },
      });
    }
    await queue.addBulk(jobs);
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(opts.nowMs + opts.leaseMs) })
      .where(
        inArray(
          webhookDeliveries.id,
          rows.map((r) => r.id),
        ),
      );
    return rows.length;
  });
}
