import { describe, expect, test } from "vitest";
import { fleet, OLD, plannedSnapshot, TARGET } from "./fixtures.ts";
import { RolloutSim } from "./sim.ts";

const { ofType } = RolloutSim;
const started = (actions: Parameters<typeof ofType>[0]) =>
  ofType(actions, "startInstall").map((a) => a.clusterId);
const events = (actions: Parameters<typeof ofType>[0]) => ofType(actions, "emit").map((a) => a.event);
const rollbacks = (actions: Parameters<typeof ofType>[0]) =>
  ofType(actions, "startRollback").map((a) => [a.clusterId, a.to === null ? "uninstall" : a.to.version]);

describe("failure budget", () => {
  test("the default budget halts on the first failure; manual rollback then waits", () => {
    const sim = new RolloutSim(
      plannedSnapshot(fleet(6), { batchSize: 3, concurrency: 2, rollback: "manual" }),
    );
    sim.step();
    sim.report("id-01", "failed");
    const { next, actions } = sim.step();
    expect(next.state).toBe("Halted");
    expect(actions).toEqual([
      { type: "setState", from: "Running", to: "Halted", reason: "failureBudget" },
      {
        type: "emit",
        event: "rollout.halted",
        data: { reason: "failureBudget", scope: "total", failed: 1, budget: 0 },
      },
    ]);
    sim.report("id-02", "succeeded");
    expect(sim.step().actions).toEqual([]);
    expect(sim.inStatus("pending")).toEqual(["id-03", "id-04", "id-05", "id-06"]);
  });

  test("failures within the budget let the rollout complete", () => {
    const sim = new RolloutSim(
      plannedSnapshot(fleet(4), { batchSize: 2, maxFailures: { total: 2, perWave: 1 } }),
    );
    sim.step();
    sim.report("id-01", "failed");
    sim.report("id-02", "succeeded");
    expect(started(sim.step().actions)).toEqual(["id-03", "id-04"]);
    sim.report("id-03", "succeeded");
    sim.report("id-04", "failed");
    expect(sim.step().next.state).toBe("Completed");
  });

  test("a breached per-wave budget halts even with total budget left, naming the wave", () => {
    const sim = new RolloutSim(
      plannedSnapshot(fleet(4), { batchSize: 4, maxFailures: { total: 3, perWave: 1 }, rollback: "manual" }),
    );
    sim.step();
    sim.report("id-01", "failed");
    expect(sim.step().next.state).toBe("Running");
    sim.report("id-02", "failed");
    const { next, actions } = sim.step();
    expect(next.state).toBe("Halted");
    expect(ofType(actions, "emit")[0]!.data).toEqual({
      reason: "failureBudget",
      scope: "wave",
      waveIndex: 0,
      failed: 2,
      budget: 1,
    });
  });

  test("a failure reported while paused still halts", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { batchSize: 2, rollback: "manual" }));
    sim.step();
    sim.command({ type: "pause" });
    sim.step();
    sim.report("id-02", "failed");
    expect(sim.step().next.state).toBe("Halted");
  });
});

describe("automatic rollback", () => {
  const noPrevious = { currentDesired: null };
  const atTarget = { currentDesired: { ...TARGET } };

  test("a breach rolls every changed cluster back to its previous version, newest wave first", () => {
    const clusters = fleet(6, [{}, atTarget, {}, {}, {}, {}]);
    const sim = new RolloutSim(plannedSnapshot(clusters, { batchSize: 3, maxFailures: { total: 0 } }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.report("id-03", "succeeded");
    sim.step();
    sim.report("id-04", "succeeded");
    sim.report("id-05", "failed");
    const { next, actions } = sim.step();
    expect(next.state).toBe("RollingBack");
    expect(events(actions)).toEqual(["rollout.halted"]);
    expect(ofType(actions, "setState").map((a) => a.to)).toEqual(["Halted", "RollingBack"]);
    // id-02 was already at the target (untouched); id-06 is still installing and waits.
    expect(rollbacks(actions)).toEqual([
      ["id-04", OLD.version],
      ["id-05", OLD.version],
      ["id-01", OLD.version],
      ["id-03", OLD.version],
    ]);
    expect(ofType(actions, "startRollback")[0]).toEqual({
      type: "startRollback",
      clusterId: "id-04",
      waveIndex: 1,
      to: OLD,
    });
  });

  test("clusters with no previous version are uninstalled only when the rollout asked for it", () => {
    for (const [uninstallOnRollback, expected] of [
      [
        true,
        [
          ["id-02", "uninstall"],
          ["id-01", OLD.version],
        ],
      ],
      [false, [["id-01", OLD.version]]],
    ] as const) {
      const sim = new RolloutSim(
        plannedSnapshot(fleet(3, [{}, noPrevious]), { batchSize: 3, uninstallOnRollback }),
      );
      sim.step();
      sim.report("id-01", "succeeded");
      sim.report("id-02", "succeeded");
      sim.report("id-03", "failed");
      const { actions } = sim.step();
      // id-03 failed with OLD as its previous version: it is rolled back too (it may be half-applied).
      expect(rollbacks(actions)).toEqual([...expected, ["id-03", OLD.version]].sort(byId));
    }
  });

  test("rollbacks respect the concurrency and the rollout ends RolledBack, failures included", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(4), { batchSize: 4, concurrency: 2 }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.report("id-02", "succeeded");
    expect(started(sim.step().actions)).toEqual(["id-03", "id-04"]);
    sim.report("id-03", "succeeded");
    sim.report("id-04", "failed");
    expect(rollbacks(sim.step().actions).map(([id]) => id)).toEqual(["id-01", "id-02"]);
    expect(sim.step().actions).toEqual([]);
    sim.report("id-01", "rolledBack");
    expect(rollbacks(sim.step().actions).map(([id]) => id)).toEqual(["id-03"]);
    sim.report("id-02", "rollbackFailed");
    sim.report("id-03", "rolledBack");
    expect(rollbacks(sim.step().actions).map(([id]) => id)).toEqual(["id-04"]);
    sim.report("id-04", "rolledBack");
    const { next, actions } = sim.step();
    expect(next.state).toBe("RolledBack");
    expect(ofType(actions, "emit")).toEqual([
      {
        type: "emit",
        event: "rollout.rolled_back",
        data: { reason: "rollbackFinished", rolledBack: 3, rollbackFailed: 1 },
      },
    ]);
    expect(sim.step().actions).toEqual([]);
  });

  test("a halt with nothing changed is rolled back at once", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2, [{ currentDesired: null }]), { batchSize: 1 }));
    sim.step();
    sim.report("id-01", "failed");
    const { next, actions } = sim.step();
    expect(next.state).toBe("RolledBack");
    expect(events(actions)).toEqual(["rollout.halted", "rollout.rolled_back"]);
  });
});

function byId(a: readonly string[], b: readonly string[]): number {
  return a[0]! < b[0]! ? -1 : 1;
}
