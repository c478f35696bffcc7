import type { RolloutEventName } from "./events.ts";
import type {
  CommandOutcome,
  RolloutAction,
  RolloutEventData,
  RolloutSnapshot,
  RolloutState,
  WaveProgress,
} from "./machine-types.ts";

/** Mutable working copy for one decide call; the snapshot itself is never changed. */
export interface DecisionContext {
  readonly snapshot: RolloutSnapshot;
  readonly nowMs: number;
  state: RolloutState;
  waves: WaveProgress[];
  actions: RolloutAction[];
  outcomes: CommandOutcome[];
}

/** Copies the waves and clusters decide may change. O(clusters). */
export function createContext(snapshot: RolloutSnapshot, nowMs: number): DecisionContext {
  const waves = snapshot.waves.map((wave) => ({
    ...wave,
    clusters: wave.clusters.map((cluster) => ({ ...cluster })),
  }));
  return { snapshot, nowMs, state: snapshot.state, waves, actions: [], outcomes: [] };
}

/** Appends an emit action. */
export function emit(ctx: DecisionContext, event: RolloutEventName, data: RolloutEventData = {}): void {
  ctx.actions.push({ type: "emit", event, data });
}

/**
 * The event announcing entry into a state. Running and RollingBack have none of their own:
 * `rollout.started` marks leaving Planned, and a rollback follows `rollout.halted` or a
 * user's rollback action.
 */
const ENTRY_EVENTS: Partial<Record<RolloutState, RolloutEventName>> = {
  WaitingApproval: "rollout.waiting_approval",
  Paused: "rollout.paused",
  Halted: "rollout.halted",
  RolledBack: "rollout.rolled_back",
  Completed: "rollout.completed",
  Aborted: "rollout.aborted",
};

/**
 * Moves to `to` and emits the state's event once. Only real changes emit, so replaying
 * decide on a snapshot that already holds the new state emits nothing again.
 */
export function transition(
  ctx: DecisionContext,
  to: RolloutState,
  reason: string,
  data: RolloutEventData = {},
): void {
  if (ctx.state === to) return;
  ctx.actions.push({ type: "setState", from: ctx.state, to, reason });
  const event = to === "Running" && ctx.state === "Planned" ? "rollout.started" : ENTRY_EVENTS[to];
  ctx.state = to;
  if (event !== undefined) emit(ctx, event, { reason, ...data });
}

/** Index of the most recently started wave, or -1. */
export function currentWaveIndex(waves: readonly WaveProgress[]): number {
  let current = -1;
  for (const wave of waves) if (wave.startedAt != null) current = wave.index;
  return current;
}
