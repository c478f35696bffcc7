import { inArray } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters, runs } from "../../src/db/schema/index.ts";
import { clustersOf, type StoredCluster, type StoredProgress } from "../../src/services/rollouts.ts";

/** The run a cluster in flight waits for: its rollback run while rolling back, else its install run. */
function awaitedRun(cluster: StoredCluster): string | null | undefined {
  return cluster.status === "rollingBack" ? cluster.rollbackRunId : cluster.runId;
}

/**
 * Records what happened to clusters in flight, reading the runs rather than reacting to one
 * event, so any tick (a run's wake-up, the poller, a command) sees the same truth:
 * - the cluster was deleted → skipped;
 * - the run succeeded → succeeded (installing) or rolledBack (rollingBack);
 * - the run failed or was cancelled → failed or rollbackFailed, with the run's reason;
 * - the run was superseded (someone set another desired state) → skipped: the rollout no
 *   longer owns the cluster and must not roll it back over that change.
 * Queued and running runs stay in flight. Returns whether anything changed.
 */
export async function reconcileInFlight(tx: Db, progress: StoredProgress): Promise<boolean> {
  const inFlight: StoredCluster[] = [];
  for (const [cluster] of clustersOf(progress)) {
    if (cluster.status === "installing" || cluster.status === "rollingBack") inFlight.push(cluster);
  }
  if (inFlight.length === 0) return false;

  const existing = await tx
    .select({ id: clusters.id })
    .from(clusters)
    .where(
      inArray(
        clusters.id,
        inFlight.map((cluster) => cluster.id),
      ),
    );
  const alive = new Set(existing.map((row) => row.id));
  const runIds = inFlight.map(awaitedRun).filter((id): id is string => typeof id === "string");
  const runRows = runIds.length
    ? await tx
        .select({
          id: runs.id,
          status: runs.status,
          errorReason: runs.errorReason,
          errorMessage: runs.errorMessage,
        })
        .from(runs)
        .where(inArray(runs.id, runIds))
    : [];
  const byId = new Map(runRows.map((run) => [run.id, run]));

  let changed = false;
  for (const cluster of inFlight) {
    const rollingBack = cluster.status === "rollingBack";
    const run = byId.get(awaitedRun(cluster) ?? "");
    if (!alive.has(cluster.id)) {
      cluster.status = "skipped";
      cluster.reason = "cluster deleted during the rollout";
    } else if (run?.status === "succeeded") {
      cluster.status = rollingBack ? "rolledBack" : "succeeded";
      delete cluster.reason;
    } else if (run?.status === "failed" || run?.status === "cancelled") {
      cluster.status = rollingBack ? "rollbackFailed" : "failed";
      cluster.reason = `${run.errorReason ?? run.status}: ${run.errorMessage ?? ""}`.slice(0, 500);
    } else if (run?.status === "superseded") {
      cluster.status = "skipped";
      cluster.reason = "its desired state was changed outside the rollout";
    } else {
      continue;
    }
    changed = true;
  }
  return changed;
}
