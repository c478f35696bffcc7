import { describe, expect, it } from "vitest";
import {
  fedEventIds,
  feedChat,
  nextWakeMs,
  parseChatState,
  settleInflight,
} from "../../workers/webhooks/chat-state.ts";
import { meshEvent, rolloutSummary } from "../notify/fixtures.ts";

const T = 1_000_000;
const drift = (id: string) => meshEvent({ id, type: "cluster.drifted", clusterId: `c-${id}` });

describe("chat endpoint state", () => {
  it("starts over from anything it does not recognise", () => {
    for (const raw of [null, undefined, 42, {}, { v: 2 }, { v: 1, agg: {} }]) {
      expect(parseChatState(raw)).toEqual({
        v: 1,
        agg: { lastSentAtMs: null, seq: 0, rollouts: {}, pending: [] },
        inflight: null,
      });
    }
  });

  it("holds one message in flight and lets the rest coalesce behind it", () => {
    let { state } = feedChat(parseChatState(null), [{ event: drift("e1") }], T);
    expect(state.inflight?.message.eventIds).toEqual(["e1"]);
    expect(state.inflight?.nextAttemptAtMs).toBe(T);
    // The message failed; its retry is an hour away. New events wait, coalesced.
    state = { ...state, inflight: { ...state.inflight!, attempts: 1, nextAttemptAtMs: T + 3600_000 } };
    ({ state } = feedChat(state, [{ event: drift("e2") }, { event: drift("e3") }], T + 5000));
    expect(state.inflight?.message.eventIds).toEqual(["e1"]);
    expect(fedEventIds(state).sort()).toEqual(["e1", "e2", "e3"]);
    expect(nextWakeMs(state, T + 5000)).toBe(T + 3600_000);

    // Delivered at last: the next message may follow one second later, carrying both events.
    state = settleInflight(state, T + 3600_000);
    expect(nextWakeMs(state, T + 3600_000)).toBe(T + 3601_000);
    expect(feedChat(state, [], T + 3600_500).state.inflight).toBeNull();
    ({ state } = feedChat(state, [], T + 3601_000));
    expect(state.inflight?.message).toMatchObject({ kind: "events", eventIds: ["e2", "e3"] });
    expect(nextWakeMs(settleInflight(state, T + 3601_000), T + 3601_000)).toBeUndefined();
  });

  it("absorbs per-cluster run events of a rollout into its summary", () => {
    const rollout = rolloutSummary();
    const run = meshEvent({ id: "r1", type: "run.succeeded", rolloutId: rollout.id, clusterId: "c1" });
    const { state, absorbed } = feedChat(parseChatState(null), [{ event: run, rollout }], T);
    expect(absorbed).toEqual(["r1"]);
    expect(state.inflight).toBeNull();
    expect(fedEventIds(state)).toEqual([]);
    expect(state.agg.rollouts[rollout.id]?.summary).toEqual(rollout);
  });

  it("survives a JSON round trip, as it is stored", () => {
    const { state } = feedChat(parseChatState(null), [{ event: drift("e1") }, { event: drift("e2") }], T);
    const stored = parseChatState(JSON.parse(JSON.stringify(state)));
    expect(stored).toEqual(state);
    expect(fedEventIds(stored).sort()).toEqual(["e1", "e2"]);
  });
});
