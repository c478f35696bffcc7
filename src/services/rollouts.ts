import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rollouts } from "../db/schema/index.ts";
import type {
  ClusterProgress,
  CommandOutcome,
  ProfileVersion,
  RolloutCommand,
  RolloutPlan,
  RolloutProgress,
  RolloutSnapshot,
  RolloutStrategy,
  WaveProgress,
} from "../domain/rollouts/index.ts";

export type RolloutRow = typeof rollouts.$inferSelect;

/**
 * A cluster in the stored progress: the machine's fields plus what the worker records. The
 * machine copies clusters with a spread, so these extra fields survive every decide.
 */
export interface StoredCluster extends ClusterProgress {
  /** The desired generation the rollout last set on the cluster (install, then rollback). */
  generation?: number;
  /** The install run the rollout started. */
  runId?: string | null;
  /** The rollback run, when the cluster was rolled back. */
  rollbackRunId?: string | null;
  /** Why the cluster was skipped or failed, for people. */
  reason?: string;
}

/** A wave of the stored progress. */
export interface StoredWave extends Omit<WaveProgress, "clusters"> {
  clusters: StoredCluster[];
}

/** A decided command, kept (the last few) so callers can see why one was ignored. */
export interface CommandLogEntry extends CommandOutcome {
  at: number;
  requestedBy?: string;
}

/** `rollouts.progress`: the machine's progress plus the command log. */
export interface StoredProgress extends Omit<RolloutProgress, "waves"> {
  waves: StoredWave[];
  log?: CommandLogEntry[];
}

/** A queued command as stored in `rollouts.commands`. */
export type StoredCommand = RolloutCommand & { requestedBy?: string; at?: number };

/** How many decided commands the progress keeps. */
export const COMMAND_LOG_SIZE = 50;

/** Everything the rollout row holds, typed. */
export interface RolloutRecord {
  row: RolloutRow;
  target: ProfileVersion;
  strategy: RolloutStrategy;
  plan: RolloutPlan;
  progress: StoredProgress;
  commands: StoredCommand[];
}

/** Reads a row's jsonb columns with their types (they are only ever written by this module's callers). */
export function readRollout(row: RolloutRow): RolloutRecord {
  return {
    row,
    target: { profile: row.profile, version: String(row.profileVersion) },
    strategy: row.strategy as unknown as RolloutStrategy,
    plan: row.plan as unknown as RolloutPlan,
    progress: row.progress as unknown as StoredProgress,
    commands: row.commands as unknown as StoredCommand[],
  };
}

/** What decide reads, from a stored rollout and the progress to decide on. */
export function snapshotOf(
  record: RolloutRecord,
  progress: StoredProgress,
  commands: readonly RolloutCommand[],
): RolloutSnapshot {
  return {
    state: progress.state,
    target: record.target,
    strategy: record.strategy,
    budgets: record.plan.budgets,
    waves: progress.waves,
    commands,
  };
}

/**
 * The row's columns with the plan cut down to its budgets, which is all that status reads,
 * commands and ticks use: at 10,000 clusters the full plan is a megabyte not worth reading.
 */
export const ROLLOUT_COLUMNS = {
  ...getTableColumns(rollouts),
  plan: sql<Record<string, unknown>>`jsonb_build_object('budgets', ${rollouts.plan} -> 'budgets')`,
};

/** One of the tenant's rollouts (plan cut to its budgets), optionally locked; undefined when missing. */
export async function findRollout(
  db: Db,
  tenantId: string,
  id: string,
  lock = false,
): Promise<RolloutRow | undefined> {
  const query = db
    .select(ROLLOUT_COLUMNS)
    .from(rollouts)
    .where(and(eq(rollouts.tenantId, tenantId), eq(rollouts.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

/** Every cluster of a progress, with its wave index. */
export function* clustersOf(progress: { waves: StoredWave[] }): Generator<[StoredCluster, number]> {
  for (const wave of progress.waves) for (const cluster of wave.clusters) yield [cluster, wave.index];
}
