import { describe, expect, test } from "vitest";
import { FINAL_STATES } from "../../../src/domain/rollouts/machine-types.ts";
import type { ProfileVersion } from "../../../src/domain/rollouts/types.ts";
import { fleet, OLD, plannedSnapshot, TARGET } from "./fixtures.ts";
import { RolloutSim } from "./sim.ts";

const INSTALL_MS = 30_000;
const HUMAN_MS = 120_000;

/**
 * Runs a rollout to its end like a worker would: installs take INSTALL_MS and end as
 * `outcome` says, soaks are slept through, approvals come HUMAN_MS after being asked for.
 * `desired` models each cluster's desired version as the install runs would leave it.
 */
function runToEnd(sim: RolloutSim, outcome: (clusterId: string) => "succeeded" | "failed") {
  const desired = new Map<string, ProfileVersion | null>(
    sim.snapshot.waves.flatMap((wave) => wave.clusters.map((c) => [c.id, c.previous] as const)),
  );
  const approvals: { waveIndex: number; atMs: number }[] = [];
  let maxInstalling = 0;
  for (let tick = 0; tick < 100 && !FINAL_STATES.has(sim.snapshot.state); tick++) {
    const { actions, next } = sim.step();
    maxInstalling = Math.max(maxInstalling, sim.inStatus("installing").length);
    const wake = RolloutSim.ofType(actions, "wakeAt")[0]?.atMs;
    if (sim.inStatus("installing").length + sim.inStatus("rollingBack").length > 0) {
      sim.nowMs += INSTALL_MS;
      for (const action of actions) {
        if (action.type === "startInstall") {
          desired.set(action.clusterId, action.target);
          sim.report(action.clusterId, outcome(action.clusterId));
        }
        if (action.type === "startRollback") {
          desired.set(action.clusterId, action.to);
          sim.report(action.clusterId, "rolledBack");
        }
      }
    } else if (wake !== undefined) {
      sim.nowMs = wake;
    } else if (next.state === "WaitingApproval") {
      sim.nowMs += HUMAN_MS;
      approvals.push({ waveIndex: next.currentWave + 1, atMs: sim.nowMs });
      sim.command({ type: "approve" });
    }
  }
  return { desired, approvals, maxInstalling };
}

describe("a canary and batches over 12 clusters", () => {
  const strategy = {
    canary: { count: 2 },
    batchSize: "25%",
    soakSeconds: 600,
    approval: "afterCanary",
    concurrency: 2,
  } as const;

  test("completes wave by wave, in plan order, honouring soak, approval and concurrency", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(12), strategy, "rollout-12"));
    const plannedOrder = sim.snapshot.waves.map((wave) => wave.clusters.map((c) => c.id));
    // 2 canaries, then 10 clusters in batches of ceil(25% × 10) = 3.
    expect(plannedOrder.map((ids) => ids.length)).toEqual([2, 3, 3, 3, 1]);

    const { approvals, maxInstalling, desired } = runToEnd(sim, () => "succeeded");

    expect(sim.snapshot.state).toBe("Completed");
    const installs = RolloutSim.ofType(sim.log, "startInstall");
    expect(installs.map((a) => a.clusterId)).toEqual(plannedOrder.flat());
    expect(installs.map((a) => a.waveIndex)).toEqual(plannedOrder.flatMap((ids, w) => ids.map(() => w)));
    expect(maxInstalling).toBe(2);
    expect([...desired.values()].every((v) => v?.version === TARGET.version)).toBe(true);

    const waves = sim.snapshot.waves;
    for (let i = 1; i < waves.length; i++) {
      expect(waves[i]!.startedAt! - waves[i - 1]!.completedAt!).toBeGreaterThanOrEqual(600_000);
    }
    expect(approvals).toEqual([{ waveIndex: 1, atMs: waves[1]!.approvedAt }]);
    expect(waves[1]!.startedAt).toBe(waves[1]!.approvedAt);
    expect(waves.filter((wave) => wave.approvedAt != null)).toHaveLength(1);

    expect(sim.events()).toEqual([
      "rollout.started",
      "rollout.wave.started",
      "rollout.wave.completed",
      "rollout.waiting_approval",
      ...Array(4).fill(["rollout.wave.started", "rollout.wave.completed"]).flat(),
      "rollout.completed",
    ]);
  });
});

describe("a failure-budget breach with automatic rollback", () => {
  test("halts, and every changed cluster ends back at its previous version", () => {
    const clusters = fleet(12, [
      {},
      {},
      { currentDesired: { profile: "demo", version: "1.26.1" } },
      {},
      { currentDesired: null },
    ]);
    const sim = new RolloutSim(
      plannedSnapshot(clusters, {
        canary: { clusters: ["c01"] },
        batchSize: 4,
        maxFailures: { total: 1 },
        concurrency: 4,
      }),
    );
    // Waves: [c01] [c02..c05] [c06..c09] [c10..c12]; the pods of c06 and c08 never become ready.
    const { desired } = runToEnd(sim, (id) => (id === "id-06" || id === "id-08" ? "failed" : "succeeded"));

    expect(sim.snapshot.state).toBe("RolledBack");
    expect(sim.events()).toEqual([
      "rollout.started",
      "rollout.wave.started",
      "rollout.wave.completed",
      "rollout.wave.started",
      "rollout.wave.completed",
      "rollout.wave.started",
      "rollout.halted",
      "rollout.rolled_back",
    ]);
    const rolledBack = RolloutSim.ofType(sim.log, "startRollback").map((a) => a.clusterId);
    // Newest wave first; c05 had no mesh before and uninstallOnRollback is off, so it stays.
    expect(rolledBack).toEqual(["id-06", "id-07", "id-08", "id-09", "id-02", "id-03", "id-04", "id-01"]);
    expect(RolloutSim.ofType(sim.log, "startInstall").map((a) => a.clusterId)).not.toContain("id-10");

    const expected = new Map(clusters.map((c) => [c.id, c.currentDesired ?? null]));
    expected.set("id-05", TARGET);
    expect(desired).toEqual(expected);
    expect(desired.get("id-03")).toEqual({ profile: "demo", version: "1.26.1" });
    expect(desired.get("id-11")).toEqual(OLD);
  });
});
