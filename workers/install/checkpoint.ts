import type { Job } from "bullmq";
import { eq } from "drizzle-orm";
import { clusters, runs } from "../../src/db/schema/index.ts";
import { EngineError } from "../../src/k8s/index.ts";
import { type RunRow, supersedeOlderRuns } from "../../src/services/runs.ts";
import { renewLease } from "./lease.ts";
import type { InstallDeps } from "./processor.ts";

/** The run's watch: lease renewal, and the reasons to stop between (or inside) steps. */
export interface Checkpoint {
  /** Aborted when the run must stop now: superseded, cancelled, lease lost or shutting down. */
  signal: AbortSignal;
  /** At a step boundary: a reason to stop quietly, or undefined to go on. Throws to retry later. */
  boundary(): Promise<string | undefined>;
  stop(): void;
}

/**
 * Renews the cluster lease every third of its length and checks whether the run was
 * superseded or cancelled, aborting a long wait instead of letting it run to its deadline.
 */
export function startCheckpoint(deps: InstallDeps, run: RunRow, job: Job): Checkpoint {
  const controller = new AbortController();
  let lostLease = false;
  const onShutdown = () => controller.abort(new Error("worker shutting down"));
  deps.shutdown.addEventListener("abort", onShutdown, { once: true });

  const check = async (): Promise<string | undefined> => {
    const [row] = await deps.db.select({ status: runs.status }).from(runs).where(eq(runs.id, run.id));
    if (row?.status === "cancelled") return "cancelled";
    const [cluster] = await deps.db
      .select({ generation: clusters.desiredGeneration, tenantId: clusters.tenantId })
      .from(clusters)
      .where(eq(clusters.id, run.clusterId));
    if (!cluster) return "cluster deleted";
    if (row?.status === "superseded" || cluster.generation !== run.generation) {
      await supersedeOlderRuns(deps.db, cluster.tenantId, run.clusterId, cluster.generation);
      return "superseded";
    }
    return undefined;
  };

  const timer = setInterval(
    () => {
      void (async () => {
        if (!(await renewLease(deps.db, run.clusterId, deps.workerId, deps.leaseSeconds))) {
          lostLease = true;
          controller.abort(new Error("cluster lease lost"));
          return;
        }
        await job.updateProgress({ runId: run.id, at: Date.now() }).catch(() => {});
        const reason = await check();
        if (reason) controller.abort(new Error(reason));
      })().catch(() => {});
    },
    Math.max(500, (deps.leaseSeconds * 1000) / 3),
  );

  return {
    signal: controller.signal,
    async boundary() {
      if (deps.shutdown.aborted)
        throw new EngineError("Unexpected", "worker shutting down", { transient: true });
      if (lostLease || !(await renewLease(deps.db, run.clusterId, deps.workerId, deps.leaseSeconds))) {
        throw new EngineError("Conflict", "lost the cluster lease to another worker", { transient: true });
      }
      return check();
    },
    stop() {
      clearInterval(timer);
      deps.shutdown.removeEventListener("abort", onShutdown);
    },
  };
}
