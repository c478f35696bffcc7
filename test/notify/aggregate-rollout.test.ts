import { describe, expect, it } from "vitest";
import { describeMessage, rolloutTimeline, runAggregator } from "./rollout-timeline.ts";

describe("chat aggregation of a whole rollout", () => {
  const timeline = rolloutTimeline({
    waves: 12,
    clustersPerWave: 40,
    waveMs: 120_000,
    failures: {
      5: [
        { index: 38, atMs: 41_000 },
        { index: 39, atMs: 46_000 },
      ],
    },
  });

  it("turns 12 waves x 40 clusters (986 events) into 16 readable messages", () => {
    expect(timeline).toHaveLength(986);
    const run = runAggregator(timeline);
    expect(run.sent.map(describeMessage)).toEqual([
      "0ms rollout.started wave=0 ready=0 failed=0",
      "116000ms rollout.wave.completed wave=1 ready=40 failed=0",
      "236000ms rollout.wave.completed wave=2 ready=80 failed=0",
      "356000ms rollout.wave.completed wave=3 ready=120 failed=0",
      "476000ms rollout.wave.completed wave=4 ready=160 failed=0",
      // The first failure goes out at once, mid-wave.
      "522000ms run.failed wave=5 ready=166 failed=1",
      // The second, 5 s later, waits out the 30 s failure cooldown and shows the latest summary.
      "552000ms run.failed wave=5 ready=181 failed=2",
      "596000ms rollout.wave.completed wave=5 ready=198 failed=2",
      "716000ms rollout.wave.completed wave=6 ready=238 failed=2",
      "836000ms rollout.wave.completed wave=7 ready=278 failed=2",
      "956000ms rollout.wave.completed wave=8 ready=318 failed=2",
      "1076000ms rollout.wave.completed wave=9 ready=358 failed=2",
      "1196000ms rollout.wave.completed wave=10 ready=398 failed=2",
      "1316000ms rollout.wave.completed wave=11 ready=438 failed=2",
      "1436000ms rollout.wave.completed wave=12 ready=478 failed=2",
      // Completion arrived in the same millisecond: it waits for the next one-second slot.
      "1437000ms rollout.completed wave=12 ready=478 failed=2",
    ]);
  });

  it("accounts for every event exactly once, as a message or as folded into a summary", () => {
    const run = runAggregator(timeline);
    const accounted = [...run.sent.flatMap((s) => s.message.eventIds), ...run.absorbed];
    expect(new Set(accounted).size).toBe(accounted.length);
    expect(new Set(accounted)).toEqual(new Set(timeline.map((t) => t.event.id)));
    const foldedTypes = new Set(
      timeline.filter((t) => run.absorbed.includes(t.event.id)).map((t) => t.event.type),
    );
    expect(foldedTypes).toEqual(new Set(["run.started", "run.succeeded", "rollout.wave.started"]));
  });

  it("forgets the rollout once its final message is sent", () => {
    const run = runAggregator(timeline);
    expect(run.state.pending).toEqual([]);
    expect(run.state.rollouts).toEqual({});
  });

  it("never sends two messages less than a second apart", () => {
    const run = runAggregator(timeline);
    for (let i = 1; i < run.sent.length; i++) {
      expect(run.sent[i]!.at - run.sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    }
  });
});
