/**
 * What a chat endpoint remembers between runs (persisted in `webhooks.aggregator_state`): the
 * aggregator's own state, plus the one message being sent (with its retry schedule). Pure.
 *
 * One message at a time per endpoint keeps messages in order and the rate at about one per
 * second; while a message waits for its retry, new events still fold and coalesce in the
 * aggregator instead of queueing up as messages of their own.
 */
import {
  type AggregatorOptions,
  type AggregatorState,
  DEFAULT_AGGREGATOR_OPTIONS,
  initialAggregatorState,
  step,
} from "../../src/notify/aggregate.ts";
import type { MeshEvent, RolloutSummary } from "../../src/notify/event.ts";
import type { ChatMessage } from "../../src/notify/message.ts";

/** The message being delivered. */
export interface Inflight {
  message: ChatMessage;
  /** Attempts made so far. */
  attempts: number;
  nextAttemptAtMs: number;
}

/** The persisted state of one chat endpoint. */
export interface ChatState {
  v: 1;
  agg: AggregatorState;
  inflight: Inflight | null;
}

/** One event to feed, with its rollout's summary when it belongs to one. */
export interface ChatInput {
  event: MeshEvent;
  rollout?: RolloutSummary;
}

/** Reads the persisted state; anything unrecognised starts over (its deliveries are re-fed). */
export function parseChatState(raw: unknown): ChatState {
  if (raw && typeof raw === "object" && (raw as { v?: unknown }).v === 1) {
    const s = raw as ChatState;
    if (s.agg && Array.isArray(s.agg.pending)) return s;
  }
  return { v: 1, agg: initialAggregatorState(), inflight: null };
}

/** Event ids the state already accounts for: queued in the aggregator or in the message being sent. */
export function fedEventIds(state: ChatState): string[] {
  const ids = state.agg.pending.flatMap((p) => p.events.map((e) => e.id));
  if (state.inflight) ids.push(...state.inflight.message.eventIds);
  return ids;
}

function options(state: ChatState, opts: Partial<AggregatorOptions>): Partial<AggregatorOptions> {
  // With a message in flight the aggregator must not hand out another one: an infinite gap
  // since the last send keeps it collecting and coalescing.
  return state.inflight ? { ...opts, minIntervalMs: Number.POSITIVE_INFINITY } : opts;
}

function take(state: ChatState, send: ChatMessage[], nowMs: number): void {
  const message = send[0];
  if (message && !state.inflight) state.inflight = { message, attempts: 0, nextAttemptAtMs: nowMs };
}

/**
 * Feeds new events in order, then lets the aggregator release a message if one is due.
 * Returns the new state and the ids of events folded into a summary (settled without a message).
 */
export function feedChat(
  state: ChatState,
  inputs: readonly ChatInput[],
  nowMs: number,
  opts: Partial<AggregatorOptions> = {},
): { state: ChatState; absorbed: string[] } {
  const next: ChatState = structuredClone(state);
  const absorbed: string[] = [];
  for (const input of inputs) {
    const r = step(
      next.agg,
      { kind: "event", event: input.event, ...(input.rollout ? { rollout: input.rollout } : {}) },
      nowMs,
      options(next, opts),
    );
    next.agg = r.state;
    absorbed.push(...r.absorbed);
    take(next, r.send, nowMs);
  }
  if (!next.inflight) take(next, tick(next, nowMs, opts), nowMs);
  return { state: next, absorbed };
}

function tick(state: ChatState, nowMs: number, opts: Partial<AggregatorOptions>): ChatMessage[] {
  const r = step(state.agg, { kind: "tick" }, nowMs, opts);
  state.agg = r.state;
  return r.send;
}

/** The message was delivered (or given up): the next one may follow a full gap after `nowMs`. */
export function settleInflight(state: ChatState, nowMs: number): ChatState {
  return { ...state, inflight: null, agg: { ...state.agg, lastSentAtMs: nowMs } };
}

/**
 * When the endpoint needs a run again: the in-flight message's retry, else the aggregator's
 * own wake-up (a coalescing window closing, or the one-second gap passing). Undefined when
 * nothing waits.
 */
export function nextWakeMs(
  state: ChatState,
  nowMs: number,
  opts: Partial<AggregatorOptions> = {},
): number | undefined {
  if (state.inflight) return state.inflight.nextAttemptAtMs;
  if (state.agg.pending.length === 0) return undefined;
  const gap = { ...DEFAULT_AGGREGATOR_OPTIONS, ...opts }.minIntervalMs;
  const slot = state.agg.lastSentAtMs === null ? nowMs : state.agg.lastSentAtMs + gap;
  return Math.max(nowMs, slot, Math.min(...state.agg.pending.map((p) => p.dueAtMs)));
}
