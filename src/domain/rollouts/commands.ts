import { currentWaveIndex, type DecisionContext, transition } from "./decision-context.ts";
import type { RolloutCommand, RolloutState } from "./machine-types.ts";

const PAUSABLE: ReadonlySet<RolloutState> = new Set(["Running", "WaitingApproval"]);
/** Abort and rollback act on any rollout that has not settled or started rolling back. */
const STOPPABLE: ReadonlySet<RolloutState> = new Set(["Running", "WaitingApproval", "Paused", "Halted"]);

/**
 * Applies queued commands in arrival order. Each is either applied or ignored with a reason
 * (the caller may surface it); none is kept for later, so a command is decided exactly once.
 *
 * Rollback is refused after Completed or Aborted: by then the clusters may belong to a newer
 * rollout (supersede), and rolling them back here would fight it.
 */
export function applyCommands(ctx: DecisionContext, commands: readonly RolloutCommand[]): void {
  for (const command of commands) {
    const reason = applyCommand(ctx, command);
    ctx.outcomes.push(
      reason === null
        ? { id: command.id, type: command.type, applied: true }
        : { id: command.id, type: command.type, applied: false, reason },
    );
  }
}

/** Applies one command; returns null when applied, or why it was ignored. */
function applyCommand(ctx: DecisionContext, command: RolloutCommand): string | null {
  const from = ctx.state;
  switch (command.type) {
    case "pause":
      if (!PAUSABLE.has(from)) return `cannot pause: the rollout is ${from}`;
      transition(ctx, "Paused", "pause");
      return null;
    case "resume":
      // Back to Running; the wave logic right after re-enters WaitingApproval if a gate is still shut.
      if (from !== "Paused") return `cannot resume: the rollout is ${from}`;
      transition(ctx, "Running", "resume");
      return null;
    case "abort":
      if (!STOPPABLE.has(from)) return `cannot abort: the rollout is ${from}`;
      transition(ctx, "Aborted", "abort");
      return null;
    case "rollback":
      if (!STOPPABLE.has(from)) return `cannot roll back: the rollout is ${from}`;
      transition(ctx, "RollingBack", "rollback");
      return null;
    case "approve": {
      if (from !== "WaitingApproval") return `nothing to approve: the rollout is ${from}`;
      const waiting = ctx.waves[currentWaveIndex(ctx.waves) + 1];
      if (waiting === undefined) return "no wave waits for approval";
      if (command.waveIndex !== undefined && command.waveIndex !== waiting.index) {
        return `wave ${command.waveIndex} is not waiting for approval; wave ${waiting.index} is`;
      }
      waiting.approvedAt = ctx.nowMs;
      transition(ctx, "Running", "approve");
      return null;
    }
  }
}
