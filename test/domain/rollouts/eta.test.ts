import { describe, expect, test } from "vitest";
import { countClusters } from "../../../src/domain/rollouts/counts.ts";
import { etaSeconds } from "../../../src/domain/rollouts/eta.ts";
import type { RolloutSnapshot } from "../../../src/domain/rollouts/machine-types.ts";
import { fleet, plannedSnapshot, TARGET } from "./fixtures.ts";

const S = 1000;

/** Canary of 1, then batches of 4 and 4 (2 rounds each at concurrency 2); soak 100 s. */
function snapshot(): RolloutSnapshot {
  const s = plannedSnapshot(fleet(9), {
    canary: { clusters: ["c01"] },
    batchSize: 4,
    concurrency: 2,
    soakSeconds: 100,
  });
  s.state = "Running";
  return s;
}

describe("etaSeconds", () => {
  test("is unknown until a wave with installs has finished", () => {
    const s = snapshot();
    expect(etaSeconds(s, 0)).toBeNull();
    s.waves[0]!.startedAt = 0;
    expect(etaSeconds(s, 50 * S)).toBeNull();
  });

  test("scales the time per install round of finished waves to the rounds left, plus soaks", () => {
    const s = snapshot();
    Object.assign(s.waves[0]!, { startedAt: 0, completedAt: 60 * S }); // 1 round in 60 s
    Object.assign(s.waves[1]!, { startedAt: 200 * S });
    // Wave 1: 2 rounds × 60 s − 30 s elapsed = 90 s; wave 2: 100 s soak + 2 × 60 s = 220 s.
    expect(etaSeconds(s, 230 * S)).toBe(310);
  });

  test("counts the part of a running soak still to go", () => {
    const s = snapshot();
    Object.assign(s.waves[0]!, { startedAt: 0, completedAt: 60 * S });
    // 40 s of the 100 s soak left, then 120 s for wave 1, then 220 s for wave 2.
    expect(etaSeconds(s, 120 * S)).toBe(380);
  });

  test("a wave running longer than the mean adds no negative time", () => {
    const s = snapshot();
    Object.assign(s.waves[0]!, { startedAt: 0, completedAt: 60 * S });
    Object.assign(s.waves[1]!, { startedAt: 200 * S, completedAt: 440 * S }); // 2 rounds in 240 s
    Object.assign(s.waves[2]!, { startedAt: 600 * S });
    // Mean per round is (60 + 240) / 3 = 100 s; wave 2 needs 200 s and ran 500 s.
    expect(etaSeconds(s, 1100 * S)).toBe(0);
  });

  test("clusters already at the target add no rounds", () => {
    const clusters = fleet(5, [{}, { currentDesired: { ...TARGET } }, { currentDesired: { ...TARGET } }]);
    const s = plannedSnapshot(clusters, { batchSize: 2, concurrency: 1 });
    s.state = "Running";
    Object.assign(s.waves[0]!, { startedAt: 0, completedAt: 10 * S }); // c01 installed, c02 untouched: 1 round
    // Wave 1 (c03 at target, c04): 1 round; wave 2 (c05): 1 round.
    expect(etaSeconds(s, 10 * S)).toBe(20);
  });

  test.each([
    ["Completed", 0],
    ["Halted", null],
    ["RollingBack", null],
    ["RolledBack", null],
    ["Aborted", null],
  ] as const)("a %s rollout gives %s", (state, eta) => {
    const s = snapshot();
    Object.assign(s.waves[0]!, { startedAt: 0, completedAt: 60 * S });
    s.state = state;
    expect(etaSeconds(s, 100 * S)).toBe(eta);
  });
});

describe("countClusters", () => {
  test("counts every status and the clusters already at the target", () => {
    const s = plannedSnapshot(fleet(4, [{ currentDesired: { ...TARGET } }]), { batchSize: 4 });
    const statuses = ["succeeded", "failed", "skipped", "installing"] as const;
    s.waves[0]!.clusters.forEach((cluster, i) => {
      cluster.status = statuses[i]!;
    });
    expect(countClusters(s.waves)).toEqual({
      total: 4,
      alreadyAtTarget: 1,
      pending: 0,
      skipped: 1,
      installing: 1,
      succeeded: 1,
      failed: 1,
      rollingBack: 0,
      rolledBack: 0,
      rollbackFailed: 0,
    });
  });
});
