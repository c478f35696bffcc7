import { decide } from "../../../src/domain/rollouts/machine.ts";
import type {
  ClusterStatus,
  RolloutAction,
  RolloutCommand,
  RolloutDecision,
  RolloutSnapshot,
} from "../../../src/domain/rollouts/machine-types.ts";

/**
 * A tiny stand-in for the worker: it calls decide, stores `next` the way the database would,
 * keeps every action, and lets the test feed install results back. Not a fake of a real
 * component: the real worker is the lead's, and this only replays decide's contract.
 */
export class RolloutSim {
  snapshot: RolloutSnapshot;
  nowMs: number;
  readonly log: RolloutAction[] = [];
  private commandSeq = 0;

  constructor(snapshot: RolloutSnapshot, nowMs = 1_000_000) {
    this.snapshot = snapshot;
    this.nowMs = nowMs;
  }

  /** One decide, its result persisted; queued commands are consumed. */
  step(): RolloutDecision {
    const decision = decide(this.snapshot, this.nowMs);
    this.log.push(...decision.actions);
    this.snapshot = {
      ...this.snapshot,
      state: decision.next.state,
      waves: decision.next.waves,
      commands: [],
    };
    return decision;
  }

  /** Queues a user command for the next step. */
  command(command: { type: RolloutCommand["type"]; waveIndex?: number }): void {
    this.snapshot = {
      ...this.snapshot,
      commands: [...this.snapshot.commands, { ...command, id: `cmd-${++this.commandSeq}` } as RolloutCommand],
    };
  }

  /** Records an install or rollback result, as the install run's completion would. */
  report(clusterId: string, status: ClusterStatus): void {
    for (const wave of this.snapshot.waves) {
      for (const cluster of wave.clusters) if (cluster.id === clusterId) cluster.status = status;
    }
  }

  /** Ids of clusters in a status. */
  inStatus(status: ClusterStatus): string[] {
    return this.snapshot.waves.flatMap((wave) =>
      wave.clusters.filter((cluster) => cluster.status === status).map((cluster) => cluster.id),
    );
  }

  /** Emitted event names, in order. */
  events(): string[] {
    return this.log.flatMap((action) => (action.type === "emit" ? [action.event] : []));
  }

  /** Actions of one type from a decision or the whole log. */
  static ofType<T extends RolloutAction["type"]>(
    actions: readonly RolloutAction[],
    type: T,
  ): Extract<RolloutAction, { type: T }>[] {
    return actions.filter((action): action is Extract<RolloutAction, { type: T }> => action.type === type);
  }
}
