import type { Queue } from "bullmq";
import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters, runs } from "../../src/db/schema/index.ts";
import type { Logger } from "../../src/logger.ts";
import { JOBS } from "../catalog.ts";

/**
 * Reconciles from Postgres, the source of truth: when the install queue holds nothing, a
 * cluster whose desired generation has no finished run, no live lease and no recent change
 * gets its install job queued again. This is
 * what recovers work a Redis without persistence lost in a restart. Job ids derive from the
 * cluster and generation, and the install processor is idempotent, so a job that was not lost
 * after all costs one no-op.
 */
export function startInstallResync(opts: {
  db: Db;
  queue: Queue;
  intervalSeconds: number;
  logger: Logger;
}): () => void {
  const { db, queue, intervalSeconds, logger } = opts;
  const tick = async () => {
    // Jobs still queued will run; re-queueing behind them only makes duplicates. An empty
    // queue with clusters behind their desired state means their jobs were lost.
    const counts = await queue.getJobCounts("waiting", "delayed", "prioritized");
    if (Object.values(counts).some((n) => n > 0)) return;
    const stuck = await db
      .select({ id: clusters.id, generation: clusters.desiredGeneration })
      .from(clusters)
      .leftJoin(runs, and(eq(runs.clusterId, clusters.id), eq(runs.generation, clusters.desiredGeneration)))
      .where(
        and(
          gt(clusters.desiredGeneration, 0),
          or(
            isNull(clusters.observedGeneration),
            lt(clusters.observedGeneration, clusters.desiredGeneration),
          ),
          or(isNull(clusters.leaseUntil), lt(clusters.leaseUntil, sql`now()`)),
          lt(clusters.updatedAt, sql`now() - make_interval(secs => ${intervalSeconds})`),
          or(isNull(runs.id), sql`${runs.status} in ('queued', 'running')`),
        ),
      )
      .limit(1000);
    if (stuck.length === 0) return;
    const spec = JOBS.install;
    await queue.addBulk(
      stuck.map(({ id, generation }) => ({
        name: "install",
        data: { clusterId: id, generation },
        opts: {
          jobId: `resync-${id}-${generation}`,
          attempts: spec.attempts,
          backoff: { type: "meshfleet" },
          removeOnComplete: true,
          removeOnFail: { count: 5000 },
        },
      })),
    );
    logger.info({ clusters: stuck.length }, "re-queued installs with no live job");
  };
  const run = () =>
    tick().catch((err) => logger.warn({ err: String(err) }, "install resync failed; next tick retries"));
  const timer = setInterval(run, intervalSeconds * 1000);
  return () => clearInterval(timer);
}
