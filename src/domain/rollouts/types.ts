/** A mesh profile at a version: what a cluster is asked to run. */
export interface ProfileVersion {
  profile: string;
  version: string;
}

/** A selected cluster as the planner sees it (read from the registry at creation time). */
export interface PlanInputCluster {
  id: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** Desired profile/version before the rollout; null or absent when the mesh is not installed. */
  currentDesired?: ProfileVersion | null;
}

/** One cluster inside a planned wave. */
export interface PlannedCluster {
  id: string;
  name: string;
  /** Already desired at the target: counts as succeeded without an install. */
  alreadyAtTarget: boolean;
  /** What a rollback returns the cluster to; null means it had no mesh before. */
  previous: ProfileVersion | null;
}

/** Wave kinds: the optional canary runs first, then the batches. */
export type WaveKind = "canary" | "batch";

/** One planned wave. */
export interface PlannedWave {
  index: number;
  kind: WaveKind;
  clusters: PlannedCluster[];
  /** Needs an explicit approval before it starts. */
  gated: boolean;
}

/** Failures tolerated before the rollout halts; breaching means failures > budget. */
export interface FailureBudgets {
  total: number;
  /** One entry per wave, same index as `waves`. */
  perWave: number[];
}

/** The stored plan: exactly what runs. */
export interface RolloutPlan {
  waves: PlannedWave[];
  totals: { clusters: number; alreadyAtTarget: number };
  budgets: FailureBudgets;
}

/** Same profile and same version. */
export function sameProfileVersion(a: ProfileVersion | null | undefined, b: ProfileVersion): boolean {
  return a != null && a.profile === b.profile && a.version === b.version;
}
