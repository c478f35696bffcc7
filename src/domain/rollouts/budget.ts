import type { RolloutEventData, WaveProgress } from "./machine-types.ts";
import type { FailureBudgets } from "./types.ts";

/** A breached failure budget: which one, and by how much. */
export interface BudgetBreach {
  scope: "total" | "wave";
  /** Set when scope is "wave". */
  waveIndex?: number;
  failed: number;
  budget: number;
}

/**
 * The first breached budget, or null. A budget is the number of failures tolerated, so it is
 * breached when failures exceed it: budget 0 halts on the first failure. The total budget is
 * checked first because it is the one users reason about.
 */
export function findBudgetBreach(
  waves: readonly WaveProgress[],
  budgets: FailureBudgets,
): BudgetBreach | null {
  let total = 0;
  let worstWave: BudgetBreach | null = null;
  for (const wave of waves) {
    let failed = 0;
    for (const cluster of wave.clusters) if (cluster.status === "failed") failed++;
    total += failed;
    const budget = budgets.perWave[wave.index] ?? budgets.total;
    if (worstWave === null && failed > budget)
      worstWave = { scope: "wave", waveIndex: wave.index, failed, budget };
  }
  if (total > budgets.total) return { scope: "total", failed: total, budget: budgets.total };
  return worstWave;
}

/** The breach as `rollout.halted` event data. */
export function breachData(breach: BudgetBreach): RolloutEventData {
  const data: RolloutEventData = { scope: breach.scope, failed: breach.failed, budget: breach.budget };
  if (breach.waveIndex !== undefined) data.waveIndex = breach.waveIndex;
  return data;
}
