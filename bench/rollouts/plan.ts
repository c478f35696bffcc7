/**
 * Pure-compute benchmark of the rollout core over 10,000 clusters: planning (several
 * strategies), one decide on a rollout in mid-flight, and the status summary (counts + ETA).
 * No database: the lead's bench compares the full API path against a label select.
 *
 *   npx node bench/rollouts/plan.ts [clusters=10000] [runs=31]
 *
 * Prints one JSON line per case with the median and p90 in milliseconds.
 */
import { countClusters } from "../../src/domain/rollouts/counts.ts";
import { etaSeconds } from "../../src/domain/rollouts/eta.ts";
import { decide } from "../../src/domain/rollouts/machine.ts";
import type { RolloutSnapshot } from "../../src/domain/rollouts/machine-types.ts";
import { planRollout } from "../../src/domain/rollouts/plan.ts";
import { initialProgress } from "../../src/domain/rollouts/progress.ts";
import { type RolloutStrategyInput, rolloutStrategySchema } from "../../src/domain/rollouts/strategy.ts";
import type { PlanInputCluster } from "../../src/domain/rollouts/types.ts";

const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 31);
const target = { profile: "default", version: "1.28.0" };

/** Every tenth cluster lacks the region label, so ordering by label exercises "missing sorts last". */
function labelsOf(i: number): Record<string, string> {
  return i % 10 === 0 ? { env: "prod" } : { env: "prod", region: `region-${i % 17}`, tier: String(i % 3) };
}

const clusters: PlanInputCluster[] = Array.from({ length: count }, (_, i) => ({
  id: `0192f0c2-${String(i).padStart(8, "0")}`,
  name: `cluster-${(i * 7919) % count}`,
  labels: labelsOf(i),
  currentDesired: i % 20 === 0 ? target : i % 50 === 1 ? null : { profile: "default", version: "1.27.3" },
}));

function measure(name: string, run: () => unknown): void {
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2));
  console.log(JSON.stringify({ case: name, clusters: count, runs, medianMs: at(0.5), p90Ms: at(0.9) }));
}

const strategies: Record<string, RolloutStrategyInput> = {
  "plan: by name, 25% batches": {},
  "plan: canary count 50, by label, batches of 100": {
    canary: { count: 50 },
    batchSize: 100,
    order: { by: "label", key: "region" },
    approval: "afterCanary",
    maxFailures: { total: "1%", perWave: "5%" },
  },
  "plan: 20 explicit canaries, 1% batches": {
    canary: { clusters: Array.from({ length: 20 }, (_, i) => `cluster-${i * 13}`) },
    batchSize: "1%",
  },
};
for (const [name, input] of Object.entries(strategies)) {
  const strategy = rolloutStrategySchema.parse(input);
  measure(name, () => planRollout({ clusters, target, strategy, seed: "bench" }));
}

// A rollout in its third wave: waves 0–1 done; in wave 2, 300 done, 40 installing, 10 free slots.
const strategy = rolloutStrategySchema.parse({ batchSize: "10%", concurrency: 50 });
const plan = planRollout({ clusters, target, strategy, seed: "bench" });
const progress = initialProgress(plan);
const snapshot: RolloutSnapshot = { ...progress, target, strategy, budgets: plan.budgets, commands: [] };
snapshot.state = "Running";
snapshot.waves.forEach((wave, w) => {
  if (w > 2) return;
  wave.startedAt = w * 1000;
  if (w < 2) wave.completedAt = w * 1000 + 900;
  wave.clusters.forEach((cluster, i) => {
    cluster.status = w < 2 || i < 300 ? "succeeded" : i < 340 ? "installing" : "pending";
  });
});
measure("decide: mid-rollout", () => decide(snapshot, 10_000));
measure("status: counts + eta", () => [countClusters(snapshot.waves), etaSeconds(snapshot, 10_000)]);
