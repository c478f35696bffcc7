import { describe, expect, test } from "vitest";
import { DomainValidationError } from "../../../src/domain/errors.ts";
import { planRollout } from "../../../src/domain/rollouts/plan.ts";
import type { RolloutStrategyInput } from "../../../src/domain/rollouts/strategy.ts";
import type { PlanInputCluster } from "../../../src/domain/rollouts/types.ts";
import { fleet, strategy, TARGET, waveNames } from "./fixtures.ts";

function plan(clusters: PlanInputCluster[], input: RolloutStrategyInput = {}) {
  return planRollout({ clusters, target: TARGET, strategy: strategy(input), seed: "seed" });
}

function cluster(name: string, labels: Record<string, string> = {}, id = `id-${name}`): PlanInputCluster {
  return { id, name, labels, currentDesired: null };
}

/** Deterministic reshuffle: odd positions reversed, then even ones. */
function reshuffle<T>(items: readonly T[]): T[] {
  return [...items.filter((_, i) => i % 2 === 1).reverse(), ...items.filter((_, i) => i % 2 === 0)];
}

describe("ordering", () => {
  test("by name, whatever order the clusters arrive in", () => {
    const p = plan(reshuffle(fleet(12)), { batchSize: 4 });
    expect(waveNames(p)).toEqual([
      ["c01", "c02", "c03", "c04"],
      ["c05", "c06", "c07", "c08"],
      ["c09", "c10", "c11", "c12"],
    ]);
  });

  test("names compare by code unit, not by locale: upper case first, no natural numbers", () => {
    const p = plan([cluster("b"), cluster("a10"), cluster("B"), cluster("a9"), cluster("é")], {
      batchSize: "100%",
    });
    expect(waveNames(p)).toEqual([["B", "a10", "a9", "b", "é"]]);
  });

  test("equal names are ordered by id", () => {
    const p = plan([cluster("same", {}, "id-2"), cluster("same", {}, "id-1")], { batchSize: 1 });
    expect(p.waves.map((wave) => wave.clusters[0]!.id)).toEqual(["id-1", "id-2"]);
  });

  test("by label value; clusters without the label go last; ties by name", () => {
    const clusters = [
      cluster("k", { tier: "2" }),
      cluster("z", {}),
      cluster("m", { tier: "1" }),
      cluster("a", { tier: "2" }),
      cluster("b", { other: "1" }),
      cluster("q", { tier: "" }),
    ];
    const p = plan(clusters, { order: { by: "label", key: "tier" }, batchSize: "100%" });
    // An empty value is still a value: it sorts first, before "1".
    expect(waveNames(p)).toEqual([["q", "m", "a", "k", "b", "z"]]);
  });

  test("by label fills waves region by region", () => {
    const p = plan(fleet(12), { order: { by: "label", key: "region" }, batchSize: 4 });
    expect(waveNames(p)).toEqual([
      ["c01", "c04", "c07", "c10"],
      ["c02", "c05", "c08", "c11"],
      ["c03", "c06", "c09", "c12"],
    ]);
  });

  test("the same input in any order gives the same plan", () => {
    const input = { canary: { count: 3 }, batchSize: "20%", order: { by: "label", key: "region" } } as const;
    const clusters = fleet(30);
    expect(plan(reshuffle(clusters), input)).toEqual(plan(clusters, input));
    expect(plan([...clusters].reverse(), input)).toEqual(plan(clusters, input));
  });
});

describe("invalid selections", () => {
  test("an empty selection is a validation error on the selector", () => {
    const error = captureError(() => plan([]));
    expect(error.issues).toEqual([{ field: "selector", message: "matched no clusters" }]);
  });

  test("a cluster listed twice is a validation error naming it", () => {
    const clusters = [...fleet(3), fleet(2)[1]!];
    expect(captureError(() => plan(clusters)).issues).toEqual([
      { field: "clusters[3].id", message: "the same cluster is listed twice" },
    ]);
  });
});

function captureError(run: () => unknown): DomainValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainValidationError) return error;
    throw error;
  }
  throw new Error("expected a DomainValidationError");
}
