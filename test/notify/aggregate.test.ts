import { describe, expect, it } from "vitest";
import { type AggregatorState, initialAggregatorState, step } from "../../src/notify/aggregate.ts";
import type { MeshEvent } from "../../src/notify/event.ts";
import { meshEvent, rolloutSummary } from "./fixtures.ts";
import { describeMessage, runAggregator, type TimedEvent } from "./rollout-timeline.ts";

const drift = (i: number): MeshEvent =>
  meshEvent({ id: `evt_d${i}`, type: "cluster.drifted", clusterId: `c${i}`, clusterName: `c${i}` });

function inRollout(id: string, type: string, rolloutId = "ro_a", cluster?: string): MeshEvent {
  return meshEvent({ id, type, rolloutId, ...(cluster ? { clusterId: cluster, clusterName: cluster } : {}) });
}

describe("chat aggregation rules", () => {
  it("sends the first of a burst at once and coalesces the rest into one digest a second later", () => {
    const timeline: TimedEvent[] = [0, 1, 2, 3, 4].map((i) => ({ at: 10 * i, event: drift(i) }));
    const run = runAggregator(timeline);
    expect(run.sent.map(describeMessage)).toEqual([
      "0ms events cluster.drifted",
      "1000ms events cluster.drifted,cluster.drifted,cluster.drifted,cluster.drifted",
    ]);
    expect(run.sent[1]!.message.eventIds).toEqual(["evt_d1", "evt_d2", "evt_d3", "evt_d4"]);
  });

  it("sends a halt at once even while a failure waits out its cooldown, titled by the halt", () => {
    const summary = (failed: number, state = "running") =>
      rolloutSummary({ id: "ro_a", clustersFailed: failed, state });
    const run = runAggregator([
      { at: 0, event: inRollout("f1", "run.failed", "ro_a", "c1"), rollout: summary(1) },
      { at: 5_000, event: inRollout("f2", "run.failed", "ro_a", "c2"), rollout: summary(2) },
      { at: 8_000, event: inRollout("h", "rollout.halted"), rollout: summary(2, "halted") },
    ]);
    expect(run.sent.map(describeMessage)).toEqual([
      "0ms run.failed wave=3 ready=41 failed=1",
      "8000ms rollout.halted wave=3 ready=41 failed=2",
    ]);
    expect(run.sent[1]!.message.eventIds).toEqual(["f2", "h"]);
  });

  it("keeps one pending message per rollout and lets the latest summary win", () => {
    const a = (ready: number) => rolloutSummary({ id: "ro_a", clustersReady: ready, clustersFailed: 0 });
    const b = (ready: number) => rolloutSummary({ id: "ro_b", clustersReady: ready, clustersFailed: 0 });
    const run = runAggregator([
      { at: 0, event: drift(0) },
      { at: 100, event: inRollout("a1", "rollout.wave.completed", "ro_a"), rollout: a(10) },
      { at: 200, event: inRollout("b1", "rollout.wave.completed", "ro_b"), rollout: b(20) },
      { at: 300, event: inRollout("a2", "run.succeeded", "ro_a", "x"), rollout: a(11) },
      { at: 400, event: inRollout("b2", "run.succeeded", "ro_b", "y"), rollout: b(21) },
    ]);
    expect(run.sent.map((s) => `${s.at} ${describeMessage(s).split(" ").slice(1).join(" ")}`)).toEqual([
      "0 events cluster.drifted",
      "1000 rollout.wave.completed wave=3 ready=11 failed=0",
      "2000 rollout.wave.completed wave=3 ready=21 failed=0",
    ]);
    expect(run.absorbed).toEqual(["a2", "b2"]);
  });

  it("falls back to an event message when no rollout summary was ever given", () => {
    const r = step(
      initialAggregatorState(),
      { kind: "event", event: inRollout("w", "rollout.wave.completed") },
      0,
    );
    expect(r.send).toEqual([
      { kind: "events", id: "w", events: [inRollout("w", "rollout.wave.completed")], eventIds: ["w"] },
    ]);
  });

  it("works from a state that went through JSON (persisted between worker runs) and never mutates its input", () => {
    let state: AggregatorState = initialAggregatorState();
    state = step(state, { kind: "event", event: drift(1) }, 0).state;
    const queued = step(state, { kind: "event", event: drift(2) }, 10);
    const frozen = JSON.stringify(queued.state);
    expect(queued.send).toEqual([]);
    expect(queued.wakeAt).toBe(1000);
    const early = step(JSON.parse(frozen), { kind: "tick" }, 999);
    expect(early.send).toEqual([]);
    const woken = step(JSON.parse(frozen), { kind: "tick" }, 1000);
    expect(woken.send.map((m) => m.eventIds)).toEqual([["evt_d2"]]);
    expect(woken.wakeAt).toBeUndefined();
    expect(JSON.stringify(queued.state)).toBe(frozen);
  });

  it("respects a custom minimum interval", () => {
    const run = runAggregator(
      [0, 1].map((i) => ({ at: i, event: drift(i) })),
      { minIntervalMs: 5000 },
    );
    expect(run.sent.map((s) => s.at)).toEqual([0, 5000]);
  });
});
