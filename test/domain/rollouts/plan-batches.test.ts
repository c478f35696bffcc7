import { describe, expect, test } from "vitest";
import { planRollout } from "../../../src/domain/rollouts/plan.ts";
import type { RolloutStrategyInput } from "../../../src/domain/rollouts/strategy.ts";
import type { PlanInputCluster } from "../../../src/domain/rollouts/types.ts";
import { fleet, OLD, strategy, TARGET, waveNames } from "./fixtures.ts";

function plan(clusters: PlanInputCluster[], input: RolloutStrategyInput) {
  return planRollout({ clusters, target: TARGET, strategy: strategy(input), seed: "seed" });
}

const sizes = (p: ReturnType<typeof plan>) => p.waves.map((wave) => wave.clusters.length);

describe("batches", () => {
  test("a count cuts the ordered clusters into waves of that size; the last takes the rest", () => {
    const p = plan(fleet(12), { batchSize: 5 });
    expect(waveNames(p)).toEqual([
      ["c01", "c02", "c03", "c04", "c05"],
      ["c06", "c07", "c08", "c09", "c10"],
      ["c11", "c12"],
    ]);
    expect(p.waves.map((wave) => [wave.index, wave.kind])).toEqual([
      [0, "batch"],
      [1, "batch"],
      [2, "batch"],
    ]);
  });

  test.each([
    [12, "25%", [3, 3, 3, 3]],
    [10, "30%", [3, 3, 3, 1]],
    [10, "25%", [3, 3, 3, 1]],
    [12, "1%", Array(12).fill(1)],
    [3, "34%", [2, 1]],
    [12, "100%", [12]],
    [7, 50, [7]],
  ] as const)("%d clusters with batchSize %s give waves of %j", (count, batchSize, expected) => {
    expect(sizes(plan(fleet(count), { batchSize }))).toEqual(expected);
  });

  test("a percentage is of the non-canary clusters", () => {
    const p = plan(fleet(12), { canary: { clusters: ["c01", "c02"] }, batchSize: "25%" });
    // 10 non-canary clusters × 25% = 2.5, rounded up to 3.
    expect(sizes(p)).toEqual([2, 3, 3, 3, 1]);
    expect(p.waves.map((wave) => wave.kind)).toEqual(["canary", "batch", "batch", "batch", "batch"]);
  });
});

describe("clusters in the plan", () => {
  test("already at target and previous come from each cluster's desired state before the rollout", () => {
    const clusters = fleet(4, [
      { currentDesired: { ...TARGET } },
      { currentDesired: null },
      { currentDesired: undefined },
      { currentDesired: { profile: "demo", version: TARGET.version } },
    ]);
    const p = plan(clusters, { batchSize: "100%" });
    expect(p.waves[0]!.clusters).toEqual([
      { id: "id-01", name: "c01", alreadyAtTarget: true, previous: TARGET },
      { id: "id-02", name: "c02", alreadyAtTarget: false, previous: null },
      { id: "id-03", name: "c03", alreadyAtTarget: false, previous: null },
      {
        id: "id-04",
        name: "c04",
        alreadyAtTarget: false,
        previous: { profile: "demo", version: TARGET.version },
      },
    ]);
    expect(p.totals).toEqual({ clusters: 4, alreadyAtTarget: 1 });
  });

  test("the plan does not share objects with its input", () => {
    const clusters = fleet(1);
    const p = plan(clusters, {});
    clusters[0]!.currentDesired!.version = "changed";
    expect(p.waves[0]!.clusters[0]!.previous).toEqual(OLD);
  });
});

describe("failure budgets", () => {
  test("a total percentage is of all planned clusters, rounded down", () => {
    expect(plan(fleet(12), { maxFailures: { total: "10%" } }).budgets.total).toBe(1);
    expect(plan(fleet(9), { maxFailures: { total: "10%" } }).budgets.total).toBe(0);
    expect(plan(fleet(20), { maxFailures: { total: "10%" } }).budgets.total).toBe(2);
  });

  test("counts are taken as they are", () => {
    expect(plan(fleet(12), { batchSize: 5, maxFailures: { total: 3, perWave: 2 } }).budgets).toEqual({
      total: 3,
      perWave: [2, 2, 2],
    });
  });

  test("a per-wave percentage is of each wave's size, rounded down", () => {
    const p = plan(fleet(12), { batchSize: 5, maxFailures: { total: 4, perWave: "50%" } });
    expect(p.budgets.perWave).toEqual([2, 2, 1]);
  });

  test("without a per-wave budget each wave may use the whole total budget", () => {
    const p = plan(fleet(12), { batchSize: 5, maxFailures: { total: "25%" } });
    expect(p.budgets).toEqual({ total: 3, perWave: [3, 3, 3] });
  });

  test("the default budget tolerates no failure", () => {
    expect(plan(fleet(12), { batchSize: 6 }).budgets).toEqual({ total: 0, perWave: [0, 0] });
  });
});

describe("approval gates", () => {
  const canary = { clusters: ["c01"] };
  test.each([
    [{ canary, approval: "none" }, [false, false, false]],
    [{ canary, approval: "afterCanary" }, [false, true, false]],
    [{ canary, approval: "everyWave" }, [false, true, true]],
    [{ approval: "everyWave" }, [false, true, true]],
  ] as const)("%j gates %j", (input, gated) => {
    const p = plan(fleet(11), { batchSize: 5, ...input });
    expect(p.waves.map((wave) => wave.gated)).toEqual(gated);
  });

  test("afterCanary gates nothing when the canary count finds no cluster to change", () => {
    const clusters = fleet(4).map((cluster) => ({ ...cluster, currentDesired: { ...TARGET } }));
    const p = plan(clusters, { canary: { count: 2 }, approval: "afterCanary", batchSize: 2 });
    expect(p.waves.map((wave) => [wave.kind, wave.gated])).toEqual([
      ["batch", false],
      ["batch", false],
    ]);
  });
});
