import { DelayedError, type Job, type Queue } from "bullmq";
import { eq } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { rollouts } from "../../src/db/schema/index.ts";
import type { Logger } from "../../src/logger.ts";
import { ROLLOUT_COLUMNS } from "../../src/services/rollouts.ts";
import { JOBS } from "../catalog.ts";
import { advanceRollout, type TickOutcome } from "./advance.ts";

/** What the rollout worker needs; `queue` is the rollouts queue, for soak wake-ups. */
export interface RolloutDeps {
  db: Db;
  logger: Logger;
  queue: Queue;
}

/**
 * Runs one tick of a rollout. Ticks of one rollout never overlap: the row is locked with
 * SKIP LOCKED, and a tick that finds it taken comes back shortly instead of holding a
 * connection while it waits (what woke it may have landed after the other tick looked).
 */
export async function processRolloutTick(
  deps: RolloutDeps,
  job: Job,
  token: string | undefined,
): Promise<string> {
  const { rolloutId } = JOBS["rollout-tick"].payload.parse(job.data);
  const outcome = await deps.db.transaction(async (tx): Promise<TickOutcome | "busy" | "gone"> => {
    const [row] = await tx
      .select(ROLLOUT_COLUMNS)
      .from(rollouts)
      .where(eq(rollouts.id, rolloutId))
      .for("update", { skipLocked: true });
    if (row) return advanceRollout(tx, row, Date.now());
    const [exists] = await tx.select({ id: rollouts.id }).from(rollouts).where(eq(rollouts.id, rolloutId));
    return exists ? "busy" : "gone";
  });
  if (outcome === "gone") return "rollout deleted";
  if (outcome === "busy") {
    await job.moveToDelayed(Date.now() + 200 + Math.round(Math.random() * 300), token);
    throw new DelayedError();
  }
  if (outcome.actions > 0) {
    deps.logger.info(
      { jobId: job.id, rolloutId, state: outcome.state, actions: outcome.actions },
      "rollout advanced",
    );
  }
  if (outcome.wakeAtMs !== null) await scheduleWake(deps.queue, rolloutId, outcome.wakeAtMs);
  return outcome.state;
}

/**
 * A delayed tick at the end of a soak. The job id is derived from the rollout and the time,
 * so ticks that ask for the same wake-up add one job. `rollouts.wake_at` backs it up: the
 * poller ticks a rollout whose wake time has passed even if this job was lost.
 */
export async function scheduleWake(queue: Queue, rolloutId: string, atMs: number): Promise<void> {
  await queue.add(
    "rollout-tick",
    { rolloutId },
    {
      jobId: `rollout-wake-${rolloutId}-${atMs}`,
      delay: Math.max(0, atMs - Date.now()),
      attempts: JOBS["rollout-tick"].attempts,
      backoff: { type: "meshfleet" },
      removeOnComplete: { count: 5000 },
      removeOnFail: { count: 5000 },
    },
  );
}
