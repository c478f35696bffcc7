import { describe, expect, test } from "vitest";
import { decide } from "../../../src/domain/rollouts/machine.ts";
import type { ClusterStatus, RolloutCommand } from "../../../src/domain/rollouts/machine-types.ts";
import { FINAL_STATES } from "../../../src/domain/rollouts/machine-types.ts";
import { fleet, plannedSnapshot } from "./fixtures.ts";
import { RolloutSim } from "./sim.ts";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** mulberry32: a seeded PRNG so every explored run is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("decide is pure", () => {
  test("it never changes its snapshot and gives the same decision for the same input", () => {
    const snapshot = deepFreeze(plannedSnapshot(fleet(12), { canary: { count: 2 }, concurrency: 3 }));
    const first = decide(snapshot, 5_000);
    expect(decide(snapshot, 5_000)).toEqual(first);
    expect(first.actions.length).toBeGreaterThan(0);
  });
});

describe("replaying a stored decision", () => {
  /** Drives a rollout into a situation, then decides again on what was stored. */
  function replayIn(setup: (sim: RolloutSim) => void, strategy = {}) {
    const sim = new RolloutSim(plannedSnapshot(fleet(6), { batchSize: 3, concurrency: 2, ...strategy }));
    sim.step();
    setup(sim);
    return { sim, replay: sim.step() };
  }

  test.each([
    ["mid-wave", () => {}, {}],
    ["waiting for approval", (sim: RolloutSim) => finishWave(sim), { approval: "everyWave" }],
    ["paused", (sim: RolloutSim) => commandAndStep(sim, "pause"), {}],
    ["halted", (sim: RolloutSim) => failAndStep(sim), { rollback: "manual" }],
    ["rolling back", (sim: RolloutSim) => failAndStep(sim), {}],
    ["aborted", (sim: RolloutSim) => commandAndStep(sim, "abort"), {}],
  ] as const)("%s: nothing is started or emitted twice", (_, setup, strategy) => {
    const { replay, sim } = replayIn(setup, strategy);
    const before = structuredClone(sim.snapshot);
    expect(replay.actions).toEqual([]);
    expect(sim.step().next.waves).toEqual(before.waves);
  });

  test("soaking: only the same wake-up is asked for again", () => {
    const { replay } = replayIn((sim) => finishWave(sim), { soakSeconds: 60 });
    expect(replay.actions.map((action) => action.type)).toEqual(["wakeAt"]);
  });

  test("a worker killed before storing its decision redoes exactly the same work", () => {
    const snapshot = plannedSnapshot(fleet(6), { batchSize: 3, concurrency: 2 });
    const lost = decide(snapshot, 1_000);
    const redone = decide(snapshot, 2_000);
    expect(RolloutSim.ofType(redone.actions, "startInstall")).toEqual(
      RolloutSim.ofType(lost.actions, "startInstall"),
    );
  });

  function commandAndStep(sim: RolloutSim, type: "pause" | "abort"): void {
    sim.command({ type });
    sim.step();
  }

  function failAndStep(sim: RolloutSim): void {
    sim.report("id-01", "failed");
    sim.step();
  }

  function finishWave(sim: RolloutSim): void {
    for (const id of sim.inStatus("installing")) sim.report(id, "succeeded");
    sim.step();
    for (const id of sim.inStatus("installing")) sim.report(id, "succeeded");
    sim.step();
  }
});

describe("random runs with crashes, results and commands in any order", () => {
  const COMMANDS: RolloutCommand["type"][] = ["pause", "resume", "approve", "abort", "rollback"];

  test.each(Array.from({ length: 60 }, (_, i) => i + 1))("seed %d keeps every invariant", (seed) => {
    const next = random(seed);
    const strategies = [
      { canary: { count: 2 }, approval: "afterCanary" as const, batchSize: "30%" as const },
      {
        approval: "everyWave" as const,
        batchSize: 3,
        soakSeconds: 30,
        maxFailures: { total: "20%" as const },
      },
      { batchSize: 4, rollback: "manual" as const, maxFailures: { total: 2, perWave: 1 } },
    ];
    const sim = new RolloutSim(
      plannedSnapshot(fleet(10), { concurrency: 2, ...strategies[seed % 3] }, `seed-${seed}`),
    );
    for (let tick = 0; tick < 300 && !FINAL_STATES.has(sim.snapshot.state); tick++) {
      if (next() < 0.1) {
        // A crash: the decision is lost and a fresh worker decides again on the same snapshot.
        expect(decide(sim.snapshot, sim.nowMs)).toEqual(decide(sim.snapshot, sim.nowMs));
      }
      if (next() < 0.05) sim.command({ type: COMMANDS[Math.floor(next() * COMMANDS.length)]! });
      if (sim.snapshot.state === "WaitingApproval" && next() < 0.5) sim.command({ type: "approve" });
      if (sim.snapshot.state === "Paused" && next() < 0.3) sim.command({ type: "resume" });
      sim.step();
      settleSome(sim, next);
      sim.nowMs += Math.floor(next() * 20_000);
    }

    const installs = RolloutSim.ofType(sim.log, "startInstall").map((a) => a.clusterId);
    expect(new Set(installs).size).toBe(installs.length);
    const rollbacks = RolloutSim.ofType(sim.log, "startRollback").map((a) => a.clusterId);
    expect(new Set(rollbacks).size).toBe(rollbacks.length);
    const emitted = RolloutSim.ofType(sim.log, "emit").map((a) => `${a.event}#${a.data.waveIndex ?? ""}`);
    for (const once of [
      "rollout.started#",
      "rollout.completed#",
      "rollout.rolled_back#",
      "rollout.aborted#",
    ]) {
      expect(emitted.filter((e) => e === once).length).toBeLessThanOrEqual(1);
    }
    for (const event of emitted.filter((e) => e.startsWith("rollout.wave."))) {
      expect(emitted.filter((e) => e === event)).toHaveLength(1);
    }
    if (FINAL_STATES.has(sim.snapshot.state)) expect(sim.step().actions).toEqual([]);
  });

  function settleSome(sim: RolloutSim, next: () => number): void {
    const outcomes: [ClusterStatus, ClusterStatus, ClusterStatus][] = [
      ["installing", "succeeded", "failed"],
      ["rollingBack", "rolledBack", "rollbackFailed"],
    ];
    for (const [from, ok, bad] of outcomes) {
      for (const id of sim.inStatus(from)) {
        const roll = next();
        if (roll < 0.5) sim.report(id, roll < 0.06 ? bad : ok);
      }
    }
  }
});
