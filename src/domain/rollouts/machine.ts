import { breachData, findBudgetBreach } from "./budget.ts";
import { applyCommands } from "./commands.ts";
import { createContext, currentWaveIndex, transition } from "./decision-context.ts";
import type { RolloutDecision, RolloutSnapshot, RolloutState } from "./machine-types.ts";
import { progressRollback } from "./rollback.ts";
import { progressWaves } from "./waves.ts";

/** States in which waves move forward and the failure budget is watched. */
const FORWARD: ReadonlySet<RolloutState> = new Set(["Running", "WaitingApproval", "Paused"]);

/**
 * The rollout state machine: reads a snapshot, returns what to do. Pure; `nowMs` is the only
 * clock. Reconciles from the whole snapshot rather than reacting to one event, so it can be
 * called at any time, any number of times:
 *
 * 1. Planned → Running (`rollout.started`).
 * 2. Queued commands, in order (see applyCommands).
 * 3. Running/WaitingApproval/Paused: a breached failure budget halts (`rollout.halted`);
 *    otherwise waves move forward (see progressWaves).
 * 4. Halted with `rollback: auto` → RollingBack; RollingBack starts rollbacks (progressRollback).
 *
 * Idempotent: every action flips a field of `next` (a started cluster becomes `installing`, a
 * started wave gets `startedAt`, an event follows a state change), so deciding again on a
 * snapshot that holds `next` repeats no install and no event. Persist `next` together with
 * the fact that the actions were handed off (or give install jobs ids derived from rollout,
 * wave and cluster) so a worker killed in between resumes without installing twice.
 */
export function decide(snapshot: RolloutSnapshot, nowMs: number): RolloutDecision {
  const ctx = createContext(snapshot, nowMs);
  if (ctx.state === "Planned") transition(ctx, "Running", "start");
  applyCommands(ctx, snapshot.commands);

  if (FORWARD.has(ctx.state)) {
    const breach = findBudgetBreach(ctx.waves, snapshot.budgets);
    if (breach === null) progressWaves(ctx);
    else transition(ctx, "Halted", "failureBudget", breachData(breach));
  }
  if (ctx.state === "Halted" && snapshot.strategy.rollback === "auto") {
    transition(ctx, "RollingBack", "autoRollback");
  }
  if (ctx.state === "RollingBack") progressRollback(ctx);

  return {
    actions: ctx.actions,
    next: { state: ctx.state, currentWave: currentWaveIndex(ctx.waves), waves: ctx.waves },
    commands: ctx.outcomes,
  };
}
