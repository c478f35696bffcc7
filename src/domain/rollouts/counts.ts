import type { ClusterStatus, WaveProgress } from "./machine-types.ts";

/** Cluster counts per status, plus totals: the `counts` of a rollout's status. */
export type RolloutCounts = Record<ClusterStatus, number> & { total: number; alreadyAtTarget: number };

/** Counts the clusters of some waves by status. O(clusters). */
export function countClusters(waves: readonly WaveProgress[]): RolloutCounts {
  const counts: RolloutCounts = {
    total: 0,
    alreadyAtTarget: 0,
    pending: 0,
    skipped: 0,
    installing: 0,
    succeeded: 0,
    failed: 0,
    rollingBack: 0,
    rolledBack: 0,
    rollbackFailed: 0,
  };
  for (const wave of waves) {
    for (const cluster of wave.clusters) {
      counts.total++;
      counts[cluster.status]++;
      if (cluster.alreadyAtTarget) counts.alreadyAtTarget++;
    }
  }
  return counts;
}

/** A wave is finished when none of its clusters is pending or installing. */
export function isWaveSettled(wave: WaveProgress): boolean {
  return wave.clusters.every((cluster) => cluster.status !== "pending" && cluster.status !== "installing");
}
