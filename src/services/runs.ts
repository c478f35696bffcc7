import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { runSteps, runs } from "../db/schema/index.ts";
import { INSTALL_STEPS, UNINSTALL_STEPS } from "../domain/runs/steps.ts";
import { newId } from "../ids.ts";
import { recordEvent } from "./events.ts";

export type RunRow = typeof runs.$inferSelect;
export type RunStepRow = typeof runSteps.$inferSelect;

export const TERMINAL_RUN_STATUSES = ["succeeded", "failed", "superseded", "cancelled"] as const;

/** True once a run can no longer change by itself. */
export function isTerminal(status: RunRow["status"]): boolean {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);
}

/**
 * The run for one desired-state generation of a cluster, created with its steps on first
 * call. Unique per (cluster, generation, kind), so a job delivered twice finds the same run.
 */
export async function ensureRun(
  db: Db,
  input: {
    tenantId: string;
    clusterId: string;
    generation: number;
    kind: "install" | "uninstall";
    profile: string | null;
    profileVersion: number | null;
    releaseVersion: string | null;
    options: RunRow["options"];
    rolloutId?: string | null;
  },
): Promise<RunRow> {
  return db.transaction(async (tx) => {
    const id = newId();
    const [created] = await tx
      .insert(runs)
      .values({ id, ...input, rolloutId: input.rolloutId ?? null })
      .onConflictDoNothing({ target: [runs.clusterId, runs.generation, runs.kind] })
      .returning();
    if (created) {
      const names = input.kind === "install" ? INSTALL_STEPS : UNINSTALL_STEPS;
      await tx.insert(runSteps).values(names.map((name, position) => ({ runId: id, position, name })));
      return created;
    }
    const [existing] = await tx
      .select()
      .from(runs)
      .where(
        and(
          eq(runs.clusterId, input.clusterId),
          eq(runs.generation, input.generation),
          eq(runs.kind, input.kind),
        ),
      );
    return existing!;
  });
}

/** A run with its steps in order, scoped to the tenant. */
export async function findRunWithSteps(db: Db, tenantId: string | undefined, runId: string) {
  const [run] = await db
    .select()
    .from(runs)
    .where(tenantId ? and(eq(runs.id, runId), eq(runs.tenantId, tenantId)) : eq(runs.id, runId));
  if (!run) return undefined;
  const steps = await db
    .select()
    .from(runSteps)
    .where(eq(runSteps.runId, runId))
    .orderBy(asc(runSteps.position));
  return { run, steps };
}

/**
 * Marks every not-yet-finished run of a cluster older than `generation` as superseded. Runs
 * that are executing notice at their next step boundary.
 */
export async function supersedeOlderRuns(tx: Db, tenantId: string, clusterId: string, generation: number) {
  const open = await tx
    .select({ id: runs.id, generation: runs.generation })
    .from(runs)
    .where(and(eq(runs.clusterId, clusterId), inArray(runs.status, ["queued", "running"])));
  for (const run of open.filter((r) => r.generation < generation)) {
    await tx
      .update(runs)
      .set({ status: "superseded", finishedAt: new Date() })
      .where(and(eq(runs.id, run.id), inArray(runs.status, ["queued", "running"])));
    await recordEvent(tx, {
      tenantId,
      type: "run.superseded",
      clusterId,
      subjectId: run.id,
      data: { runId: run.id, generation: run.generation, supersededBy: generation },
    });
  }
}

/** The API's view of a run and its step timeline. */
export function toRunView(run: RunRow, steps: RunStepRow[]) {
  return {
    id: run.id,
    clusterId: run.clusterId,
    kind: run.kind,
    generation: run.generation,
    profile: run.profile,
    profileVersion: run.profileVersion,
    release: run.releaseVersion,
    status: run.status,
    options: run.options,
    rolloutId: run.rolloutId,
    error: run.errorReason ? { reason: run.errorReason, message: run.errorMessage ?? "" } : null,
    retries: run.retries,
    inventory: run.inventory,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    steps: steps.map((s) => ({
      name: s.name,
      status: s.status,
      attempts: s.attempts,
      startedAt: s.startedAt?.toISOString() ?? null,
      finishedAt: s.finishedAt?.toISOString() ?? null,
      error: s.errorReason ? { reason: s.errorReason, message: s.errorMessage ?? "" } : null,
    })),
  };
}
