import { describe, expect, test } from "vitest";
import type { RolloutState } from "../../../src/domain/rollouts/machine-types.ts";
import { fleet, plannedSnapshot } from "./fixtures.ts";
import { RolloutSim } from "./sim.ts";

const { ofType } = RolloutSim;
const started = (actions: Parameters<typeof ofType>[0]) =>
  ofType(actions, "startInstall").map((a) => a.clusterId);
const events = (actions: Parameters<typeof ofType>[0]) => ofType(actions, "emit").map((a) => a.event);

describe("pause and resume", () => {
  test("pause lets running installs finish and complete their wave, but starts nothing", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(4), { batchSize: 3, concurrency: 2 }));
    sim.step();
    sim.command({ type: "pause" });
    const paused = sim.step();
    expect(paused.next.state).toBe("Paused");
    expect(events(paused.actions)).toEqual(["rollout.paused"]);

    sim.report("id-01", "succeeded");
    expect(started(sim.step().actions)).toEqual([]);
    sim.report("id-02", "succeeded");
    expect(sim.step().actions).toEqual([]);
    expect(sim.inStatus("pending")).toEqual(["id-03", "id-04"]);

    sim.command({ type: "resume" });
    const resumed = sim.step();
    expect(resumed.next.state).toBe("Running");
    expect(events(resumed.actions)).toEqual([]);
    expect(started(resumed.actions)).toEqual(["id-03"]);
  });

  test("a wave finishing while paused completes, and the next starts only after resume", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { batchSize: 1 }));
    sim.step();
    sim.command({ type: "pause" });
    sim.step();
    sim.report("id-01", "succeeded");
    const { actions } = sim.step();
    expect(events(actions)).toEqual(["rollout.wave.completed"]);
    expect(started(actions)).toEqual([]);
    sim.command({ type: "resume" });
    expect(started(sim.step().actions)).toEqual(["id-02"]);
  });

  test("pausing at an approval gate and resuming returns to the gate", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { batchSize: 1, approval: "everyWave" }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.step();
    sim.command({ type: "pause" });
    expect(sim.step().next.state).toBe("Paused");
    sim.command({ type: "approve" });
    expect(sim.step().commands[0]).toMatchObject({ applied: false });
    sim.command({ type: "resume" });
    const { next, actions } = sim.step();
    expect(next.state).toBe("WaitingApproval");
    expect(events(actions)).toEqual(["rollout.waiting_approval"]);
  });

  test("commands apply in order: pause then resume in one batch leaves it running", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(3), { batchSize: 3, concurrency: 1 }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.command({ type: "pause" });
    sim.command({ type: "resume" });
    const { next, actions, commands } = sim.step();
    expect(commands.map((c) => c.applied)).toEqual([true, true]);
    expect(next.state).toBe("Running");
    expect(events(actions)).toEqual(["rollout.paused"]);
    expect(started(actions)).toEqual(["id-02"]);
  });

  test("a pause queued before the worker first ran stops the rollout before any install", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2)));
    sim.command({ type: "pause" });
    const { next, actions } = sim.step();
    expect(next.state).toBe("Paused");
    expect(events(actions)).toEqual(["rollout.started", "rollout.paused"]);
    expect(started(actions)).toEqual([]);
  });
});

describe("abort", () => {
  test("abort starts nothing more; in-flight installs finish; finished clusters stay", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(4), { batchSize: 4, concurrency: 2 }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.command({ type: "abort" });
    const { next, actions } = sim.step();
    expect(next.state).toBe("Aborted");
    expect(events(actions)).toEqual(["rollout.aborted"]);
    expect(started(actions)).toEqual([]);
    sim.report("id-02", "failed");
    expect(sim.step().actions).toEqual([]);
    expect(sim.inStatus("succeeded")).toEqual(["id-01"]);
    expect(sim.inStatus("pending")).toEqual(["id-03", "id-04"]);
  });

  test("abort while halted settles the rollout without rolling back", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { batchSize: 2, rollback: "manual" }));
    sim.step();
    sim.report("id-01", "failed");
    expect(sim.step().next.state).toBe("Halted");
    sim.command({ type: "abort" });
    const { next, actions } = sim.step();
    expect(next.state).toBe("Aborted");
    expect(ofType(actions, "startRollback")).toEqual([]);
  });
});

describe("manual rollback", () => {
  test("a rollback command from Running rolls back what changed, after in-flight installs finish", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(3), { batchSize: 3, concurrency: 2 }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.command({ type: "rollback" });
    const first = sim.step();
    expect(first.next.state).toBe("RollingBack");
    expect(ofType(first.actions, "startRollback").map((a) => a.clusterId)).toEqual(["id-01"]);
    expect(started(first.actions)).toEqual([]);
    sim.report("id-02", "succeeded");
    expect(ofType(sim.step().actions, "startRollback").map((a) => a.clusterId)).toEqual(["id-02"]);
    sim.report("id-01", "rolledBack");
    sim.report("id-02", "rolledBack");
    const done = sim.step();
    expect(done.next.state).toBe("RolledBack");
    expect(events(done.actions)).toEqual(["rollout.rolled_back"]);
    expect(sim.inStatus("pending")).toEqual(["id-03"]);
  });
});

describe("commands that do not apply are ignored with a reason", () => {
  test.each([
    ["Completed", "pause", "cannot pause: the rollout is Completed"],
    ["Completed", "rollback", "cannot roll back: the rollout is Completed"],
    ["Aborted", "rollback", "cannot roll back: the rollout is Aborted"],
    ["Aborted", "resume", "cannot resume: the rollout is Aborted"],
    ["RolledBack", "abort", "cannot abort: the rollout is RolledBack"],
    ["RollingBack", "abort", "cannot abort: the rollout is RollingBack"],
    ["RollingBack", "pause", "cannot pause: the rollout is RollingBack"],
    ["Halted", "pause", "cannot pause: the rollout is Halted"],
    ["Halted", "resume", "cannot resume: the rollout is Halted"],
    ["Running", "resume", "cannot resume: the rollout is Running"],
    ["Paused", "pause", "cannot pause: the rollout is Paused"],
    ["Halted", "approve", "nothing to approve: the rollout is Halted"],
  ] as const)("%s ignores %s", (state: RolloutState, type, reason) => {
    const snapshot = plannedSnapshot(fleet(2), { batchSize: 2, rollback: "manual" });
    snapshot.state = state;
    snapshot.waves[0]!.startedAt = 1;
    snapshot.waves[0]!.clusters[0]!.status = "installing";
    const sim = new RolloutSim(snapshot);
    sim.command({ type });
    const { commands, next } = sim.step();
    expect(commands).toEqual([{ id: "cmd-1", type, applied: false, reason }]);
    expect(next.state).toBe(state);
  });
});
