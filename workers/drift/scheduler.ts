import type { Queue } from "bullmq";
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters } from "../../src/db/schema/index.ts";
import type { Logger } from "../../src/logger.ts";

/**
 * Every interval, queues a drift check for each installed cluster not checked within the
 * interval. Job ids carry the cluster and the interval's bucket, so every worker process can
 * run this scheduler and each cluster is still checked once per interval.
 */
export function startDriftScheduler(opts: {
  db: Db;
  queue: Queue;
  intervalSeconds: number;
  logger: Logger;
}): () => void {
  const { db, queue, intervalSeconds, logger } = opts;
  const tick = async () => {
    const due = await db
      .select({ id: clusters.id })
      .from(clusters)
      .where(
        and(
          inArray(clusters.phase, ["Ready", "Drifted"]),
          isNotNull(clusters.inventory),
          eq(clusters.desiredUninstall, false),
          or(
            isNull(clusters.driftCheckedAt),
            lt(clusters.driftCheckedAt, sql`now() - make_interval(secs => ${intervalSeconds})`),
          ),
        ),
      )
      .limit(5000);
    const bucket = Math.floor(Date.now() / (intervalSeconds * 1000));
    await queue.addBulk(
      due.map(({ id }) => ({
        name: "drift-check",
        data: { clusterId: id },
        opts: {
          jobId: `drift-${id}-${bucket}`,
          attempts: 1,
          removeOnComplete: { count: 2000 },
          removeOnFail: { count: 2000 },
        },
      })),
    );
  };
  const run = () =>
    tick().catch((err) => logger.warn({ err: String(err) }, "drift scheduling failed; next tick retries"));
  const timer = setInterval(run, Math.max(1000, (intervalSeconds * 1000) / 2));
  void run();
  return () => clearInterval(timer);
}
