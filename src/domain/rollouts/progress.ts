import type { RolloutProgress } from "./machine-types.ts";
import type { RolloutPlan } from "./types.ts";

/** The progress a freshly stored plan starts from: state Planned, every cluster pending. */
export function initialProgress(plan: RolloutPlan): RolloutProgress {
  return {
    state: "Planned",
    currentWave: -1,
    waves: plan.waves.map((wave) => ({
      ...wave,
      clusters: wave.clusters.map((cluster) => ({ ...cluster, status: "pending" })),
      startedAt: null,
      completedAt: null,
      approvedAt: null,
    })),
  };
}
