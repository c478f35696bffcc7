/**
 * A simulated rollout as the event stream a chat endpoint would see, and a driver that feeds a
 * timeline to the aggregator with an injected clock (time jumps from event to event or to the
 * aggregator's `wakeAt`; nothing sleeps).
 */
import {
  type AggregatorOptions,
  type AggregatorState,
  initialAggregatorState,
  step,
} from "../../src/notify/aggregate.ts";
import type { MeshEvent, RolloutSummary } from "../../src/notify/event.ts";
import type { ChatMessage } from "../../src/notify/message.ts";
import { meshEvent } from "./fixtures.ts";

/** One input of the timeline: an event at a time, with the rollout summary as of that event. */
export interface TimedEvent {
  at: number;
  event: MeshEvent;
  rollout?: RolloutSummary;
}

/** Shape of the simulated rollout. */
export interface RolloutPlan {
  waves: number;
  clustersPerWave: number;
  /** Wave number → indices (inside the wave) of clusters that fail, and when (ms after wave start). */
  failures: Record<number, { index: number; atMs: number }[]>;
  waveMs: number;
}

/**
 * Builds the timeline: rollout.started, then per wave `wave.started`, one `run.started` per
 * cluster (100 ms apart), `run.succeeded` from 30 s on (2 s apart) or `run.failed`, and
 * `wave.completed` at `waveMs - 5 s`; `rollout.completed` right after the last wave.
 */
export function rolloutTimeline(plan: RolloutPlan): TimedEvent[] {
  const rolloutId = "ro_sim";
  const total = plan.waves * plan.clustersPerWave;
  const summary: RolloutSummary = {
    id: rolloutId,
    name: "istio-1-24-fleet",
    profile: "default",
    version: 2,
    state: "running",
    wave: 0,
    waves: plan.waves,
    clustersTotal: total,
    clustersReady: 0,
    clustersFailed: 0,
    failures: [],
    links: { rollout: `https://api.meshfleet.example/v1/rollouts/${rolloutId}` },
  };
  const raw: {
    at: number;
    type: string;
    cluster?: string;
    data?: Record<string, unknown>;
    apply?: () => void;
  }[] = [];
  raw.push({ at: 0, type: "rollout.started" });
  for (let w = 1; w <= plan.waves; w++) {
    const t0 = 1000 + (w - 1) * plan.waveMs;
    raw.push({
      at: t0,
      type: "rollout.wave.started",
      data: { wave: w },
      apply: () => {
        summary.wave = w;
      },
    });
    const failing = new Map((plan.failures[w] ?? []).map((f) => [f.index, f.atMs]));
    for (let k = 0; k < plan.clustersPerWave; k++) {
      const cluster = `c-${w}-${k}`;
      raw.push({ at: t0 + 100 * k, type: "run.started", cluster });
      const failAt = failing.get(k);
      if (failAt === undefined) {
        raw.push({
          at: t0 + 30_000 + 2000 * k,
          type: "run.succeeded",
          cluster,
          apply: () => {
            summary.clustersReady++;
          },
        });
      } else {
        raw.push({
          at: t0 + failAt,
          type: "run.failed",
          cluster,
          apply: () => {
            summary.clustersFailed++;
            summary.failures.push({ cluster, reason: "ReadinessDeadlineExceeded" });
          },
        });
      }
    }
    raw.push({ at: t0 + plan.waveMs - 5000, type: "rollout.wave.completed", data: { wave: w } });
  }
  const end = 1000 + plan.waves * plan.waveMs - 5000;
  raw.push({
    at: end,
    type: "rollout.completed",
    apply: () => {
      summary.state = "completed";
    },
  });
  raw.sort((a, b) => a.at - b.at);
  return raw.map((r, i) => {
    r.apply?.();
    const event = meshEvent({
      id: `evt_${String(i).padStart(5, "0")}`,
      type: r.type,
      rolloutId,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + r.at).toISOString(),
      ...(r.cluster ? { clusterId: r.cluster, clusterName: r.cluster } : {}),
      data: r.data ?? {},
    });
    return { at: r.at, event, rollout: structuredClone(summary) };
  });
}

/** Everything the aggregator did over a timeline. */
export interface AggregatorRun {
  sent: { at: number; message: ChatMessage }[];
  absorbed: string[];
  state: AggregatorState;
}

/** Feeds the timeline to the aggregator, waking it whenever it asks to be woken. */
export function runAggregator(
  timeline: TimedEvent[],
  options: Partial<AggregatorOptions> = {},
): AggregatorRun {
  let state = initialAggregatorState();
  let wakeAt: number | undefined;
  const run: AggregatorRun = { sent: [], absorbed: [], state };
  let i = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const next = timeline[i];
    if (next === undefined && wakeAt === undefined) break;
    const useWake = wakeAt !== undefined && (next === undefined || wakeAt < next.at);
    const at = useWake ? (wakeAt as number) : (next as TimedEvent).at;
    const input = useWake
      ? ({ kind: "tick" } as const)
      : {
          kind: "event" as const,
          event: (next as TimedEvent).event,
          ...(next?.rollout ? { rollout: next.rollout } : {}),
        };
    if (!useWake) i++;
    const r = step(state, input, at, options);
    state = r.state;
    wakeAt = r.wakeAt;
    run.sent.push(...r.send.map((message) => ({ at, message })));
    run.absorbed.push(...r.absorbed);
  }
  run.state = state;
  return run;
}

/** A compact description of a sent message for sequence assertions. */
export function describeMessage({ at, message }: { at: number; message: ChatMessage }): string {
  if (message.kind === "events") return `${at}ms events ${message.events.map((e) => e.type).join(",")}`;
  const r = message.rollout;
  return `${at}ms ${message.headline.type} wave=${r.wave} ready=${r.clustersReady} failed=${r.clustersFailed}`;
}
