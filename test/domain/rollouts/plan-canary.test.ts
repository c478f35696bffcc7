import { describe, expect, test } from "vitest";
import { DomainValidationError } from "../../../src/domain/errors.ts";
import { cyrb53 } from "../../../src/domain/rollouts/canary.ts";
import { planRollout } from "../../../src/domain/rollouts/plan.ts";
import type { RolloutStrategyInput } from "../../../src/domain/rollouts/strategy.ts";
import type { PlanInputCluster } from "../../../src/domain/rollouts/types.ts";
import { fleet, strategy, TARGET, waveNames } from "./fixtures.ts";

function plan(clusters: PlanInputCluster[], input: RolloutStrategyInput, seed = "seed") {
  return planRollout({ clusters, target: TARGET, strategy: strategy(input), seed });
}

function canaryNames(clusters: PlanInputCluster[], input: RolloutStrategyInput, seed = "seed"): string[] {
  const first = plan(clusters, input, seed).waves[0]!;
  return first.kind === "canary" ? first.clusters.map((cluster) => cluster.name) : [];
}

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainValidationError) return error.issues;
    throw error;
  }
  throw new Error("expected a DomainValidationError");
}

describe("explicit canary", () => {
  test("the named clusters form wave 0, in plan order, and leave the batches", () => {
    const p = plan(fleet(6), { canary: { clusters: ["c05", "c02"] }, batchSize: 2 });
    expect(waveNames(p)).toEqual([
      ["c02", "c05"],
      ["c01", "c03"],
      ["c04", "c06"],
    ]);
    expect(p.waves[0]!.kind).toBe("canary");
  });

  test("every unknown name is reported with its index", () => {
    expect(issuesOf(() => plan(fleet(3), { canary: { clusters: ["c01", "nope", "c99"] } }))).toEqual([
      { field: "strategy.canary.clusters[1]", message: 'no selected cluster is named "nope"' },
      { field: "strategy.canary.clusters[2]", message: 'no selected cluster is named "c99"' },
    ]);
  });

  test("a name listed twice is reported", () => {
    expect(issuesOf(() => plan(fleet(3), { canary: { clusters: ["c02", "c02"] } }))).toEqual([
      { field: "strategy.canary.clusters[1]", message: '"c02" is listed twice' },
    ]);
  });

  test("a name shared by two selected clusters is ambiguous", () => {
    const clusters = fleet(3, [{}, { name: "c01" }]);
    expect(issuesOf(() => plan(clusters, { canary: { clusters: ["c01"] } }))).toEqual([
      { field: "strategy.canary.clusters[0]", message: '2 selected clusters are named "c01"' },
    ]);
  });

  test("naming every cluster leaves no batch", () => {
    const p = plan(fleet(2), { canary: { clusters: ["c01", "c02"] } });
    expect(p.waves.map((wave) => wave.kind)).toEqual(["canary"]);
  });
});

describe("canary by count", () => {
  test("picks that many clusters, the same ones whatever the input order or the ordering", () => {
    const clusters = fleet(40);
    const picked = canaryNames(clusters, { canary: { count: 4 } });
    expect(picked).toHaveLength(4);
    expect(canaryNames([...clusters].reverse(), { canary: { count: 4 } })).toEqual(picked);
    const byRegion = canaryNames(clusters, { canary: { count: 4 }, order: { by: "label", key: "region" } });
    expect([...byRegion].sort()).toEqual(picked);
  });

  test("the pick is the lowest hashes of seed and id", () => {
    const clusters = fleet(40);
    const expected = clusters
      .map((cluster) => ({ name: cluster.name, rank: cyrb53(`seed\0${cluster.id}`) }))
      .sort((a, b) => a.rank - b.rank)
      .slice(0, 3)
      .map((entry) => entry.name)
      .sort();
    expect(canaryNames(clusters, { canary: { count: 3 } })).toEqual(expected);
  });

  test("different seeds spread canary duty across the fleet", () => {
    const clusters = fleet(40);
    const picks = new Set(
      Array.from({ length: 10 }, (_, i) => canaryNames(clusters, { canary: { count: 1 } }, `r-${i}`)[0]),
    );
    expect(picks.size).toBeGreaterThan(5);
  });

  test("clusters already at the target are never canaries", () => {
    const atTarget = { currentDesired: { ...TARGET } };
    const clusters = fleet(6, [atTarget, {}, atTarget, atTarget, {}, atTarget]);
    expect(canaryNames(clusters, { canary: { count: 3 } })).toEqual(["c02", "c05"]);
  });

  test("a count above the fleet takes every cluster that needs a change", () => {
    const p = plan(fleet(3), { canary: { count: 10 } });
    expect(waveNames(p)).toEqual([["c01", "c02", "c03"]]);
    expect(p.waves[0]!.kind).toBe("canary");
  });

  test("the hash function is pinned, so a dry run and the real plan agree across releases", () => {
    expect(cyrb53("a")).toBe(7929297801672961);
    expect(cyrb53("")).toBe(3338908027751811);
  });
});
