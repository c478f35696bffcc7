import { describe, expect, test } from "vitest";
import { fleet, plannedSnapshot, TARGET } from "./fixtures.ts";
import { RolloutSim } from "./sim.ts";

const { ofType } = RolloutSim;
const started = (actions: Parameters<typeof ofType>[0]) =>
  ofType(actions, "startInstall").map((a) => a.clusterId);

describe("starting", () => {
  test("the first decide leaves Planned, announces the start and starts wave 0 up to the concurrency", () => {
    const sim = new RolloutSim(
      plannedSnapshot(fleet(12), { canary: { clusters: ["c03", "c07", "c09"] }, concurrency: 2 }),
    );
    const { actions, next } = sim.step();
    expect(actions).toEqual([
      { type: "setState", from: "Planned", to: "Running", reason: "start" },
      { type: "emit", event: "rollout.started", data: { reason: "start" } },
      { type: "emit", event: "rollout.wave.started", data: { waveIndex: 0, kind: "canary", clusters: 3 } },
      { type: "startInstall", clusterId: "id-03", waveIndex: 0, target: TARGET },
      { type: "startInstall", clusterId: "id-07", waveIndex: 0, target: TARGET },
    ]);
    expect(next.state).toBe("Running");
    expect(next.currentWave).toBe(0);
    expect(next.waves[0]!.startedAt).toBe(sim.nowMs);
    expect(next.waves[0]!.clusters.map((c) => c.status)).toEqual(["installing", "installing", "pending"]);
  });

  test("a finished install frees a slot for the next pending cluster, in plan order", () => {
    const sim = new RolloutSim(
      plannedSnapshot(fleet(6), { batchSize: 5, concurrency: 2, maxFailures: { total: 5 } }),
    );
    expect(started(sim.step().actions)).toEqual(["id-01", "id-02"]);
    expect(started(sim.step().actions)).toEqual([]);
    sim.report("id-02", "succeeded");
    expect(started(sim.step().actions)).toEqual(["id-03"]);
    sim.report("id-01", "failed");
    sim.report("id-03", "succeeded");
    expect(started(sim.step().actions)).toEqual(["id-04", "id-05"]);
  });
});

describe("wave completion", () => {
  test("a wave completes when every cluster has settled, and the next starts at once without gates", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(4), { batchSize: 2 }));
    sim.step();
    sim.report("id-01", "succeeded");
    expect(sim.step().actions).toEqual([]);
    sim.report("id-02", "succeeded");
    const { actions, next } = sim.step();
    expect(actions).toEqual([
      {
        type: "emit",
        event: "rollout.wave.completed",
        data: { waveIndex: 0, succeeded: 2, failed: 0, skipped: 0 },
      },
      { type: "emit", event: "rollout.wave.started", data: { waveIndex: 1, kind: "batch", clusters: 2 } },
      { type: "startInstall", clusterId: "id-03", waveIndex: 1, target: TARGET },
      { type: "startInstall", clusterId: "id-04", waveIndex: 1, target: TARGET },
    ]);
    expect(next.waves[0]!.completedAt).toBe(sim.nowMs);
    expect(next.currentWave).toBe(1);
  });

  test("the last wave completing completes the rollout, once", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { batchSize: 2 }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.report("id-02", "succeeded");
    const { actions, next } = sim.step();
    expect(ofType(actions, "emit").map((a) => a.event)).toEqual([
      "rollout.wave.completed",
      "rollout.completed",
    ]);
    expect(next.state).toBe("Completed");
    expect(sim.step().actions).toEqual([]);
  });

  test("clusters already at the target succeed without an install", () => {
    const atTarget = { currentDesired: { ...TARGET } };
    const sim = new RolloutSim(
      plannedSnapshot(fleet(4, [atTarget, {}, atTarget, atTarget]), { batchSize: 2 }),
    );
    const first = sim.step();
    expect(started(first.actions)).toEqual(["id-02"]);
    expect(first.next.waves[0]!.clusters.map((c) => c.status)).toEqual(["succeeded", "installing"]);
    sim.report("id-02", "succeeded");
    // Wave 1 holds only clusters at the target: it starts and completes in the same decide.
    const { actions, next } = sim.step();
    expect(started(actions)).toEqual([]);
    expect(ofType(actions, "emit").map((a) => `${a.event}:${a.data.waveIndex ?? ""}`)).toEqual([
      "rollout.wave.completed:0",
      "rollout.wave.started:1",
      "rollout.wave.completed:1",
      "rollout.completed:",
    ]);
    expect(next.state).toBe("Completed");
  });

  test("clusters deleted during the rollout are skipped and reported, never installed", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(4), { batchSize: 4, concurrency: 1 }));
    sim.step();
    sim.report("id-02", "skipped");
    sim.report("id-01", "succeeded");
    expect(started(sim.step().actions)).toEqual(["id-03"]);
    sim.report("id-04", "skipped");
    sim.report("id-03", "succeeded");
    const { actions } = sim.step();
    expect(started(actions)).toEqual([]);
    expect(ofType(actions, "emit")[0]).toEqual({
      type: "emit",
      event: "rollout.wave.completed",
      data: { waveIndex: 0, succeeded: 2, failed: 0, skipped: 2 },
    });
  });
});

describe("soak", () => {
  test("the next wave waits soakSeconds after the previous completed, asking to be woken then", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { batchSize: 1, soakSeconds: 300 }));
    sim.step();
    sim.report("id-01", "succeeded");
    const completedAt = sim.nowMs;
    const soaking = sim.step();
    expect(ofType(soaking.actions, "emit").map((a) => a.event)).toEqual(["rollout.wave.completed"]);
    expect(ofType(soaking.actions, "wakeAt")).toEqual([{ type: "wakeAt", atMs: completedAt + 300_000 }]);
    expect(soaking.next.state).toBe("Running");

    sim.nowMs = completedAt + 299_999;
    expect(sim.step().actions).toEqual([{ type: "wakeAt", atMs: completedAt + 300_000 }]);
    sim.nowMs = completedAt + 300_000;
    expect(started(sim.step().actions)).toEqual(["id-02"]);
  });
});

describe("approval", () => {
  test("afterCanary: the first batch waits for approval, later batches do not", () => {
    const sim = new RolloutSim(
      plannedSnapshot(fleet(5), { canary: { clusters: ["c01"] }, approval: "afterCanary", batchSize: 2 }),
    );
    sim.step();
    sim.report("id-01", "succeeded");
    const waiting = sim.step();
    expect(waiting.next.state).toBe("WaitingApproval");
    expect(ofType(waiting.actions, "emit").at(-1)).toEqual({
      type: "emit",
      event: "rollout.waiting_approval",
      data: { reason: "approvalGate", waveIndex: 1 },
    });
    expect(started(waiting.actions)).toEqual([]);
    expect(sim.step().actions).toEqual([]);

    sim.nowMs += 5_000;
    sim.command({ type: "approve", waveIndex: 1 });
    const approved = sim.step();
    expect(approved.commands).toEqual([{ id: "cmd-1", type: "approve", applied: true }]);
    expect(approved.next.state).toBe("Running");
    expect(approved.next.waves[1]!.approvedAt).toBe(sim.nowMs);
    expect(started(approved.actions)).toEqual(["id-02", "id-03"]);

    sim.report("id-02", "succeeded");
    sim.report("id-03", "succeeded");
    expect(started(sim.step().actions)).toEqual(["id-04", "id-05"]);
  });

  test("everyWave: every wave after the first waits for its own approval", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(3), { approval: "everyWave", batchSize: 1 }));
    expect(started(sim.step().actions)).toEqual(["id-01"]);
    for (const [index, id] of [
      [1, "id-02"],
      [2, "id-03"],
    ] as const) {
      sim.report(`id-0${index}`, "succeeded");
      expect(sim.step().next.state).toBe("WaitingApproval");
      sim.command({ type: "approve" });
      expect(started(sim.step().actions)).toEqual([id]);
    }
  });

  test("soak comes before the approval gate, so approvers see the soaked wave", () => {
    const sim = new RolloutSim(
      plannedSnapshot(fleet(2), { approval: "everyWave", batchSize: 1, soakSeconds: 60 }),
    );
    sim.step();
    sim.report("id-01", "succeeded");
    const completedAt = sim.nowMs;
    expect(sim.step().next.state).toBe("Running");
    sim.command({ type: "approve" });
    expect(sim.step().commands[0]).toMatchObject({
      applied: false,
      reason: "nothing to approve: the rollout is Running",
    });
    sim.nowMs = completedAt + 60_000;
    expect(sim.step().next.state).toBe("WaitingApproval");
  });

  test("an approval naming another wave is ignored", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { approval: "everyWave", batchSize: 1 }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.step();
    sim.command({ type: "approve", waveIndex: 2 });
    const { commands, next, actions } = sim.step();
    expect(commands).toEqual([
      {
        id: "cmd-1",
        type: "approve",
        applied: false,
        reason: "wave 2 is not waiting for approval; wave 1 is",
      },
    ]);
    expect(next.state).toBe("WaitingApproval");
    expect(actions).toEqual([]);
  });

  test("an approval recorded outside a command opens the gate too", () => {
    const sim = new RolloutSim(plannedSnapshot(fleet(2), { approval: "everyWave", batchSize: 1 }));
    sim.step();
    sim.report("id-01", "succeeded");
    sim.step();
    sim.snapshot.waves[1]!.approvedAt = sim.nowMs;
    const { actions, next } = sim.step();
    expect(actions[0]).toEqual({
      type: "setState",
      from: "WaitingApproval",
      to: "Running",
      reason: "approved",
    });
    expect(started(actions)).toEqual(["id-02"]);
    expect(next.state).toBe("Running");
  });
});
