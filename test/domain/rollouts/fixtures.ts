import type { RolloutSnapshot } from "../../../src/domain/rollouts/machine-types.ts";
import { planRollout } from "../../../src/domain/rollouts/plan.ts";
import { initialProgress } from "../../../src/domain/rollouts/progress.ts";
import {
  type RolloutStrategy,
  type RolloutStrategyInput,
  rolloutStrategySchema,
} from "../../../src/domain/rollouts/strategy.ts";
import type { PlanInputCluster, ProfileVersion } from "../../../src/domain/rollouts/types.ts";

/** The target every test rolls out. */
export const TARGET: ProfileVersion = { profile: "default", version: "1.28.0" };
/** What clusters run before, unless a test says otherwise. */
export const OLD: ProfileVersion = { profile: "default", version: "1.27.3" };

/** A parsed strategy: defaults plus the given fields. */
export function strategy(input: RolloutStrategyInput = {}): RolloutStrategy {
  return rolloutStrategySchema.parse(input);
}

/** Clusters c01..cNN running OLD, with a `region` label cycling through a, b, c. */
export function fleet(count: number, overrides: Partial<PlanInputCluster>[] = []): PlanInputCluster[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    return {
      id: `id-${n}`,
      name: `c${n}`,
      labels: { region: ["a", "b", "c"][i % 3]! },
      currentDesired: { ...OLD },
      ...overrides[i],
    };
  });
}

/** Names of each wave's clusters. */
export function waveNames(plan: { waves: { clusters: { name: string }[] }[] }): string[][] {
  return plan.waves.map((wave) => wave.clusters.map((cluster) => cluster.name));
}

/** A stored, untouched rollout over `clusters`, as the worker would read it. */
export function plannedSnapshot(
  clusters: PlanInputCluster[],
  strategyInput: RolloutStrategyInput = {},
  seed = "rollout-1",
): RolloutSnapshot {
  const parsed = strategy(strategyInput);
  const plan = planRollout({ clusters, target: TARGET, strategy: parsed, seed });
  const progress = initialProgress(plan);
  return {
    state: progress.state,
    target: TARGET,
    strategy: parsed,
    budgets: plan.budgets,
    waves: progress.waves,
    commands: [],
  };
}
