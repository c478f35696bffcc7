import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { rolloutClusters, rollouts } from "../../src/db/schema/index.ts";
import {
  type CommandOutcome,
  decide,
  FINAL_STATES,
  type RolloutAction,
  type RolloutState,
} from "../../src/domain/rollouts/index.ts";
import { recordEvent } from "../../src/services/events.ts";
import {
  COMMAND_LOG_SIZE,
  type CommandLogEntry,
  clustersOf,
  type RolloutRecord,
  type RolloutRow,
  readRollout,
  type StoredCommand,
  type StoredProgress,
  snapshotOf,
} from "../../src/services/rollouts.ts";
import { reconcileInFlight } from "./reconcile.ts";
import { type StartContext, startInstall, startRollback } from "./start.ts";

/** What one tick did: the state it left, and when the machine asked to be woken (a soak end). */
export interface TickOutcome {
  state: RolloutState;
  wakeAtMs: number | null;
  /** Actions carried out, for logs. */
  actions: number;
}

/** Bounds the decide loop; each round settles at least one cluster, so this is never reached in practice. */
const MAX_ROUNDS = 10_000;

/**
 * One tick of a rollout, inside the transaction that holds its row lock: record what happened
 * to clusters in flight, decide, carry out the actions, and persist the new progress together
 * with every desired-state change and outbox row. A crash anywhere before commit leaves the
 * previous progress and no change behind, so the next tick repeats nothing: only `pending`
 * clusters ever start, and started clusters are persisted `installing` with their run.
 *
 * When carrying out an action records a result itself (a deleted cluster skipped, a render
 * failure), decide runs again on the new progress so the wave can finish in the same tick.
 */
export async function advanceRollout(tx: Db, row: RolloutRow, nowMs: number): Promise<TickOutcome> {
  const record = readRollout(row);
  // Settled rollouts are still reconciled: an install in flight when it was aborted finishes,
  // and its result is reported. decide starts nothing in a settled state.
  let progress: StoredProgress = record.progress;
  const reconciled = await reconcileInFlight(tx, progress);

  const ctx: StartContext = { tx, tenantId: row.tenantId, rolloutId: row.id, versions: new Map() };
  const log = [...(progress.log ?? [])];
  let commands: readonly StoredCommand[] = record.commands;
  let wakeAtMs: number | null = null;
  let actions = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const decision = decide(snapshotOf(record, progress, commands), nowMs);
    log.push(...logEntries(decision.commands, commands, nowMs));
    commands = [];
    progress = { ...(decision.next as StoredProgress), log };
    const done = await carryOut(ctx, record, progress, decision.actions);
    actions += decision.actions.length;
    wakeAtMs = done.wakeAtMs;
    if (!done.recorded) break;
  }
  progress.log = log.slice(-COMMAND_LOG_SIZE);
  // Nothing happened (a poll of a rollout waiting for a run or an approval): skip rewriting
  // a progress document that may hold 10,000 clusters.
  if (!reconciled && actions === 0 && record.commands.length === 0) {
    return { state: progress.state, wakeAtMs, actions };
  }

  const final = FINAL_STATES.has(progress.state);
  await tx
    .update(rollouts)
    .set({
      progress: progress as unknown as Record<string, unknown>,
      state: progress.state,
      commands: [],
      wakeAt: wakeAtMs === null ? null : new Date(wakeAtMs),
      updatedAt: new Date(nowMs),
      finishedAt: final ? sql`coalesce(${rollouts.finishedAt}, now())` : null,
    })
    .where(eq(rollouts.id, row.id));
  // A settled rollout lets go of its clusters; Halted keeps them until rollback or abort.
  if (final) {
    await tx
      .update(rolloutClusters)
      .set({ active: false })
      .where(and(eq(rolloutClusters.rolloutId, row.id), eq(rolloutClusters.active, true)));
  }
  return { state: progress.state, wakeAtMs, actions };
}

function logEntries(
  outcomes: readonly CommandOutcome[],
  commands: readonly StoredCommand[],
  nowMs: number,
): CommandLogEntry[] {
  const byId = new Map(commands.map((command) => [command.id, command]));
  return outcomes.map((outcome) => {
    const requestedBy = byId.get(outcome.id)?.requestedBy;
    return { ...outcome, at: nowMs, ...(requestedBy ? { requestedBy } : {}) };
  });
}

/**
 * Carries out decide's actions in order. `setState` needs nothing: the state is persisted
 * with the progress. Returns whether a cluster result was recorded here, and the wake time.
 */
async function carryOut(
  ctx: StartContext,
  record: RolloutRecord,
  progress: StoredProgress,
  actions: readonly RolloutAction[],
): Promise<{ recorded: boolean; wakeAtMs: number | null }> {
  const byId = new Map([...clustersOf(progress)].map(([cluster]) => [cluster.id, cluster]));
  let recorded = false;
  let wakeAtMs: number | null = null;
  for (const action of actions) {
    switch (action.type) {
      case "startInstall":
        if (await startInstall(ctx, byId.get(action.clusterId)!, action.target)) recorded = true;
        break;
      case "startRollback":
        if (await startRollback(ctx, byId.get(action.clusterId)!, action.to)) recorded = true;
        break;
      case "emit":
        await recordEvent(ctx.tx, {
          tenantId: ctx.tenantId,
          type: action.event,
          subjectId: ctx.rolloutId,
          actor: `rollout:${ctx.rolloutId}`,
          data: { rolloutId: ctx.rolloutId, name: record.row.name, ...action.data },
        });
        break;
      case "wakeAt":
        wakeAtMs = wakeAtMs === null ? action.atMs : Math.min(wakeAtMs, action.atMs);
        break;
      case "setState":
        break;
    }
  }
  return { recorded, wakeAtMs };
}
