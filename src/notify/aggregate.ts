/**
 * The chat aggregator: a pure state machine deciding which messages a chat endpoint gets.
 * Per-cluster run events inside a rollout fold into the rollout's summary; milestones,
 * failures and halts go out at once; an endpoint gets at most one message per `minIntervalMs`,
 * and whatever piled up meanwhile is coalesced (one message per rollout, latest summary wins).
 * The state is plain JSON so the caller can persist it between worker runs.
 */
import { classifyEvent, closesRollout, type EventClass, headlineRank } from "./aggregate-classes.ts";
import type { MeshEvent, RolloutSummary } from "./event.ts";
import type { ChatMessage } from "./message.ts";

/** Tuning of the aggregator. */
export interface AggregatorOptions {
  /** Minimum gap between two messages to one endpoint (Slack allows about one per second). */
  minIntervalMs: number;
  /** After a failure message for a rollout, further failures of that rollout wait this long to be coalesced. */
  failureCoalesceMs: number;
  /** Rollouts with no activity for this long are forgotten (guards against a missing end event). */
  forgetAfterMs: number;
}

export const DEFAULT_AGGREGATOR_OPTIONS: AggregatorOptions = {
  minIntervalMs: 1000,
  failureCoalesceMs: 30_000,
  forgetAfterMs: 24 * 3600_000,
};

interface RolloutTrack {
  summary?: RolloutSummary;
  lastFailureSentAtMs?: number;
  touchedAtMs: number;
}

interface PendingEntry {
  /** Rollout id, or null for the digest of standalone events. */
  rolloutId: string | null;
  seq: number;
  dueAtMs: number;
  events: MeshEvent[];
  headline: MeshEvent;
  rank: number;
  hasFailure: boolean;
  closes: boolean;
}

/** The aggregator's whole memory for one endpoint. JSON-serialisable. */
export interface AggregatorState {
  lastSentAtMs: number | null;
  seq: number;
  rollouts: Record<string, RolloutTrack>;
  pending: PendingEntry[];
}

/** A new event (with the rollout's current summary when it belongs to one) or a timer wake-up. */
export type AggregatorInput =
  | { kind: "event"; event: MeshEvent; rollout?: RolloutSummary }
  | { kind: "tick" };

/** What to do now: messages to send, event ids settled without a message, and when to call again. */
export interface AggregatorStep {
  state: AggregatorState;
  send: ChatMessage[];
  /** Events folded into a rollout summary: they need no message of their own. */
  absorbed: string[];
  wakeAt?: number;
}

/** The state of an endpoint that has sent nothing yet. */
export function initialAggregatorState(): AggregatorState {
  return { lastSentAtMs: null, seq: 0, rollouts: {}, pending: [] };
}

function enqueue(
  s: AggregatorState,
  event: MeshEvent,
  cls: EventClass,
  nowMs: number,
  opts: AggregatorOptions,
): void {
  const rolloutId = cls === "standalone" ? null : (event.rolloutId ?? null);
  let dueAtMs = nowMs;
  if (cls === "failure" && rolloutId !== null) {
    const last = s.rollouts[rolloutId]?.lastFailureSentAtMs;
    if (last !== undefined) dueAtMs = Math.max(nowMs, last + opts.failureCoalesceMs);
  }
  const rank = headlineRank(cls);
  const entry = s.pending.find((p) => p.rolloutId === rolloutId);
  if (entry === undefined) {
    s.pending.push({
      rolloutId,
      seq: s.seq++,
      dueAtMs,
      events: [event],
      headline: event,
      rank,
      hasFailure: cls === "failure",
      closes: closesRollout(event),
    });
    return;
  }
  entry.events.push(event);
  entry.dueAtMs = Math.min(entry.dueAtMs, dueAtMs);
  if (rank >= entry.rank) {
    entry.headline = event;
    entry.rank = rank;
  }
  entry.hasFailure ||= cls === "failure";
  entry.closes ||= closesRollout(event);
}

function toMessage(s: AggregatorState, entry: PendingEntry): ChatMessage {
  const eventIds = entry.events.map((e) => e.id);
  const id = eventIds[eventIds.length - 1] ?? entry.headline.id;
  const summary = entry.rolloutId === null ? undefined : s.rollouts[entry.rolloutId]?.summary;
  if (summary !== undefined)
    return { kind: "rollout", id, rollout: summary, headline: entry.headline, eventIds };
  return { kind: "events", id, events: entry.events, eventIds };
}

function flush(s: AggregatorState, nowMs: number, opts: AggregatorOptions): ChatMessage[] {
  if (s.lastSentAtMs !== null && nowMs < s.lastSentAtMs + opts.minIntervalMs) return [];
  let next: PendingEntry | undefined;
  for (const p of s.pending) {
    if (p.dueAtMs <= nowMs && (next === undefined || p.seq < next.seq)) next = p;
  }
  if (next === undefined) return [];
  s.pending = s.pending.filter((p) => p !== next);
  s.lastSentAtMs = nowMs;
  const message = toMessage(s, next);
  if (next.rolloutId !== null) {
    if (next.closes) {
      delete s.rollouts[next.rolloutId];
    } else {
      const track = s.rollouts[next.rolloutId];
      if (track && next.hasFailure) track.lastFailureSentAtMs = nowMs;
    }
  }
  return [message];
}

function forgetIdle(s: AggregatorState, nowMs: number, opts: AggregatorOptions): void {
  for (const [id, track] of Object.entries(s.rollouts)) {
    const pending = s.pending.some((p) => p.rolloutId === id);
    if (!pending && nowMs - track.touchedAtMs > opts.forgetAfterMs) delete s.rollouts[id];
  }
}

function nextWake(s: AggregatorState, opts: AggregatorOptions): number | undefined {
  if (s.pending.length === 0) return undefined;
  const slot = s.lastSentAtMs === null ? Number.NEGATIVE_INFINITY : s.lastSentAtMs + opts.minIntervalMs;
  return Math.min(...s.pending.map((p) => Math.max(p.dueAtMs, slot)));
}

/**
 * Advances the aggregator by one input at `nowMs`. Sends at most one message per call; when
 * more is waiting, `wakeAt` says when to call again with `{ kind: "tick" }`.
 */
export function step(
  state: AggregatorState,
  input: AggregatorInput,
  nowMs: number,
  options: Partial<AggregatorOptions> = {},
): AggregatorStep {
  const opts = { ...DEFAULT_AGGREGATOR_OPTIONS, ...options };
  const s = structuredClone(state);
  const absorbed: string[] = [];
  if (input.kind === "event") {
    const { event } = input;
    const cls = classifyEvent(event);
    if (event.rolloutId !== undefined && cls !== "standalone") {
      const track = s.rollouts[event.rolloutId] ?? { touchedAtMs: nowMs };
      track.touchedAtMs = nowMs;
      if (input.rollout !== undefined) track.summary = input.rollout;
      s.rollouts[event.rolloutId] = track;
    }
    if (cls === "fold") absorbed.push(event.id);
    else enqueue(s, event, cls, nowMs, opts);
  }
  forgetIdle(s, nowMs, opts);
  const send = flush(s, nowMs, opts);
  const wakeAt = nextWake(s, opts);
  return { state: s, send, absorbed, ...(wakeAt !== undefined ? { wakeAt } : {}) };
}
