import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rollouts } from "../db/schema/index.ts";
import { decide, FINAL_STATES, type RolloutCommand } from "../domain/rollouts/index.ts";
import { newId } from "../ids.ts";
import { enqueueOutbox } from "./outbox.ts";
import { findRollout, type RolloutRow, readRollout, type StoredCommand, snapshotOf } from "./rollouts.ts";

/** A user action on a rollout. */
export type RolloutActionType = RolloutCommand["type"];

/** The queued command and the row it was queued on; or why it was refused; or not found. */
export type QueueResult =
  | { row: RolloutRow; command: StoredCommand; refused?: undefined }
  | { refused: string; row?: undefined; command?: undefined }
  | undefined;

/**
 * Queues a user action for the rollout worker and wakes it, in the caller's transaction. The
 * row is locked, so the command lands either before or after a tick, never lost in between.
 *
 * The machine itself is asked first whether it would apply the command after those already
 * queued: a command it would ignore (resume a running rollout, approve with no gate shut) is
 * refused now with the machine's own reason, instead of being accepted and dropped later.
 */
export async function queueRolloutCommand(
  tx: Db,
  input: {
    tenantId: string;
    rolloutId: string;
    type: RolloutActionType;
    waveIndex?: number;
    requestedBy: string;
  },
  nowMs = Date.now(),
): Promise<QueueResult> {
  const row = await findRollout(tx, input.tenantId, input.rolloutId, true);
  if (!row) return undefined;
  const record = readRollout(row);
  if (FINAL_STATES.has(record.progress.state))
    return { refused: `cannot ${input.type}: the rollout is ${record.progress.state}` };
  const base = { id: newId(), requestedBy: input.requestedBy, at: nowMs };
  const command: StoredCommand =
    input.type === "approve"
      ? { ...base, type: "approve", ...(input.waveIndex === undefined ? {} : { waveIndex: input.waveIndex }) }
      : { ...base, type: input.type };
  const commands = [...record.commands, command];
  const trial = decide(snapshotOf(record, record.progress, commands), nowMs);
  const outcome = trial.commands.find((decided) => decided.id === command.id);
  if (outcome && !outcome.applied) return { refused: outcome.reason ?? `cannot ${input.type}` };

  const [updated] = await tx
    .update(rollouts)
    .set({ commands: commands as unknown as Record<string, unknown>[], updatedAt: new Date(nowMs) })
    .where(eq(rollouts.id, row.id))
    .returning();
  await enqueueOutbox(tx, { tenantId: row.tenantId, job: "rollout-tick", payload: { rolloutId: row.id } });
  return { row: updated!, command };
}
