import type { RolloutEventName } from "./events.ts";
import type { RolloutStrategy } from "./strategy.ts";
import type { FailureBudgets, PlannedCluster, PlannedWave, ProfileVersion } from "./types.ts";

/** Rollout states, as shown by `GET /v1/rollouts/{id}`. */
export type RolloutState =
  | "Planned"
  | "Running"
  | "WaitingApproval"
  | "Paused"
  | "Halted"
  | "RollingBack"
  | "RolledBack"
  | "Completed"
  | "Aborted";

/** States after which decide never acts again. */
export const FINAL_STATES: ReadonlySet<RolloutState> = new Set(["RolledBack", "Completed", "Aborted"]);

/**
 * Per-cluster status inside a rollout. The machine moves pending → installing (startInstall),
 * pending → succeeded (already at target) and succeeded/failed → rollingBack (startRollback).
 * The caller records the rest: install results (succeeded/failed), rollback results
 * (rolledBack/rollbackFailed), and `skipped` for clusters deleted during the rollout.
 */
export type ClusterStatus =
  | "pending"
  | "skipped"
  | "installing"
  | "succeeded"
  | "failed"
  | "rollingBack"
  | "rolledBack"
  | "rollbackFailed";

/** A planned cluster and where it stands. */
export interface ClusterProgress extends PlannedCluster {
  status: ClusterStatus;
}

/** A planned wave and its progress; times are epoch milliseconds. */
export interface WaveProgress extends Omit<PlannedWave, "clusters"> {
  clusters: ClusterProgress[];
  startedAt?: number | null;
  completedAt?: number | null;
  approvedAt?: number | null;
}

/** A user action queued for the worker; `id` lets the caller delete it once decided. */
export type RolloutCommand =
  | { id: string; type: "pause" | "resume" | "abort" | "rollback" }
  /** `waveIndex`, when given, must name the wave waiting for approval (guards stale clicks). */
  | { id: string; type: "approve"; waveIndex?: number };

/** The strategy fields the machine reads (a full RolloutStrategy fits). */
export type MachineStrategy = Pick<
  RolloutStrategy,
  "soakSeconds" | "rollback" | "uninstallOnRollback" | "concurrency"
>;

/** Everything decide reads: the stored plan, its progress, and the queued commands. */
export interface RolloutSnapshot {
  state: RolloutState;
  target: ProfileVersion;
  strategy: MachineStrategy;
  budgets: FailureBudgets;
  waves: WaveProgress[];
  /** Commands in arrival order; all of them are consumed by one decide. */
  commands: readonly RolloutCommand[];
}

/** The part of the snapshot decide changes; persist it as a whole. */
export interface RolloutProgress {
  state: RolloutState;
  /** Index of the most recently started wave; -1 before the first starts. */
  currentWave: number;
  waves: WaveProgress[];
}

/** Data carried by an emitted event; JSON-safe. */
export type RolloutEventData = Record<string, string | number>;

/** Side effects for the caller to perform, in order. */
export type RolloutAction =
  | { type: "setState"; from: RolloutState; to: RolloutState; reason: string }
  /** Start an install run; a job id derived from (rollout, waveIndex, clusterId) keeps it idempotent. */
  | { type: "startInstall"; clusterId: string; waveIndex: number; target: ProfileVersion }
  /** Return a cluster to `to`, or uninstall it when `to` is null. */
  | { type: "startRollback"; clusterId: string; waveIndex: number; to: ProfileVersion | null }
  | { type: "emit"; event: RolloutEventName; data: RolloutEventData }
  /** Call decide again at this time (a soak ends) even if nothing else happens. */
  | { type: "wakeAt"; atMs: number };

/** What happened to one queued command. */
export interface CommandOutcome {
  id: string;
  type: RolloutCommand["type"];
  applied: boolean;
  /** Why it was ignored. */
  reason?: string;
}

/** The result of one decide call. */
export interface RolloutDecision {
  actions: RolloutAction[];
  next: RolloutProgress;
  commands: CommandOutcome[];
}
