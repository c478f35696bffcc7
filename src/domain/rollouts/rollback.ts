import { countClusters } from "./counts.ts";
import { type DecisionContext, transition } from "./decision-context.ts";
import type { ClusterProgress, MachineStrategy } from "./machine-types.ts";
import type { ProfileVersion } from "./types.ts";

/**
 * Where a rollback sends a cluster: its previous version, null to uninstall it, or undefined
 * to leave it alone. Only clusters the rollout changed are returned: succeeded installs (not
 * the already-at-target ones) and failed ones, which may be half-applied. A cluster with no
 * previous version is uninstalled only when the rollout asked for it.
 */
export function rollbackDestination(
  cluster: ClusterProgress,
  strategy: Pick<MachineStrategy, "uninstallOnRollback">,
): ProfileVersion | null | undefined {
  const changed = cluster.status === "failed" || (cluster.status === "succeeded" && !cluster.alreadyAtTarget);
  if (!changed) return undefined;
  if (cluster.previous !== null) return { ...cluster.previous };
  return strategy.uninstallOnRollback ? null : undefined;
}

/**
 * Rolls changed clusters back, newest wave first (undoing in reverse), at most `concurrency`
 * at a time. Clusters still installing are waited for, then rolled back like the others, so
 * nothing the rollout touched is missed. RolledBack is reached when nothing is installing,
 * rolling back or left to roll back; clusters whose rollback failed stay `rollbackFailed`.
 */
export function progressRollback(ctx: DecisionContext): void {
  const { strategy } = ctx.snapshot;
  let inFlight = 0;
  let installing = 0;
  for (const wave of ctx.waves) {
    for (const cluster of wave.clusters) {
      if (cluster.status === "rollingBack") inFlight++;
      if (cluster.status === "installing") installing++;
    }
  }

  let waiting = 0;
  for (let w = ctx.waves.length - 1; w >= 0; w--) {
    const wave = ctx.waves[w]!;
    for (const cluster of wave.clusters) {
      const to = rollbackDestination(cluster, strategy);
      if (to === undefined) continue;
      if (inFlight >= strategy.concurrency) {
        waiting++;
        continue;
      }
      cluster.status = "rollingBack";
      inFlight++;
      ctx.actions.push({ type: "startRollback", clusterId: cluster.id, waveIndex: wave.index, to });
    }
  }

  if (installing === 0 && inFlight === 0 && waiting === 0) {
    const counts = countClusters(ctx.waves);
    transition(ctx, "RolledBack", "rollbackFinished", {
      rolledBack: counts.rolledBack,
      rollbackFailed: counts.rollbackFailed,
    });
  }
}
