import type { Queue } from "bullmq";
import { and, isNull, lte, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { rollouts } from "../../src/db/schema/index.ts";
import { FINAL_STATES } from "../../src/domain/rollouts/index.ts";
import type { Logger } from "../../src/logger.ts";
import { JOBS } from "../catalog.ts";

/**
 * The safety net under the rollout ticks: every `intervalMs`, ticks each unsettled rollout
 * whose wake time (if any) has passed. Run outcomes normally wake a rollout at once (the
 * install worker queues a tick with the result); this catches what no event announces: a
 * run cancelled through the API, a job that ended without a run, a lost delayed wake-up.
 * Job ids carry the interval number, so several workers polling at once add one tick.
 */
export function startRolloutPoller(opts: {
  db: Db;
  queue: Queue;
  intervalMs: number;
  logger: Logger;
}): () => Promise<void> {
  const { db, queue, intervalMs, logger } = opts;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const poll = async () => {
    const due = await db
      .select({ id: rollouts.id })
      .from(rollouts)
      .where(
        and(
          notInArray(rollouts.state, [...FINAL_STATES]),
          or(isNull(rollouts.wakeAt), lte(rollouts.wakeAt, sql`now()`)),
        ),
      );
    const slot = Math.floor(Date.now() / intervalMs);
    for (const { id } of due) {
      await queue.add(
        "rollout-tick",
        { rolloutId: id },
        {
          jobId: `rollout-poll-${id}-${slot}`,
          attempts: JOBS["rollout-tick"].attempts,
          backoff: { type: "meshfleet" },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 1000 },
        },
      );
    }
  };
  const loop = () => {
    if (stopped) return;
    running = poll()
      .catch((err) => logger.warn({ err: String(err) }, "rollout poll failed"))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
