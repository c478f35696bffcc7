import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters, runSteps, runs } from "../../src/db/schema/index.ts";
import type { InventoryEntry } from "../../src/db/schema/runs.ts";
import { recordEvent } from "../../src/services/events.ts";
import { enqueueOutbox } from "../../src/services/outbox.ts";
import type { RunRow } from "../../src/services/runs.ts";

/** A step failure as stored: a reason code and a message (plus details for people). */
export interface StepFailure {
  reason: string;
  message: string;
}

/** queued → running, once; emits `run.started` and moves the cluster's phase. */
export async function markRunStarted(db: Db, run: RunRow): Promise<void> {
  await db.transaction(async (tx) => {
    const [started] = await tx
      .update(runs)
      .set({ status: "running", startedAt: sql`coalesce(${runs.startedAt}, now())` })
      .where(and(eq(runs.id, run.id), eq(runs.status, "queued")))
      .returning();
    if (!started) return;
    await tx
      .update(clusters)
      .set({
        phase: run.kind === "install" ? "Installing" : "Uninstalling",
        lastRunId: run.id,
        updatedAt: new Date(),
      })
      .where(eq(clusters.id, run.clusterId));
    await recordEvent(tx, {
      tenantId: run.tenantId,
      type: "run.started",
      clusterId: run.clusterId,
      subjectId: run.id,
      data: {
        runId: run.id,
        kind: run.kind,
        profile: run.profile,
        version: run.profileVersion,
        retries: run.retries,
      },
    });
  });
}

/** A step begins: one more attempt. Only a pending or interrupted step can begin. */
export async function markStepRunning(db: Db, runId: string, step: string): Promise<void> {
  await db
    .update(runSteps)
    .set({
      status: "running",
      attempts: sql`${runSteps.attempts} + 1`,
      startedAt: sql`coalesce(${runSteps.startedAt}, now())`,
    })
    .where(
      and(
        eq(runSteps.runId, runId),
        eq(runSteps.name, step),
        inArray(runSteps.status, ["pending", "running"]),
      ),
    );
}

/**
 * A step is done, with its output, and `run.step.completed` in the same transaction. The
 * status guard makes a repeated completion (after a crash between apply and record) a no-op.
 */
export async function markStepSucceeded(
  db: Db,
  run: RunRow,
  step: string,
  output: Record<string, unknown>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(runSteps)
      .set({ status: "succeeded", finishedAt: new Date(), errorReason: null, errorMessage: null, output })
      .where(and(eq(runSteps.runId, run.id), eq(runSteps.name, step), eq(runSteps.status, "running")))
      .returning();
    if (!done) return;
    await recordEvent(tx, {
      tenantId: run.tenantId,
      type: "run.step.completed",
      clusterId: run.clusterId,
      subjectId: run.id,
      data: { runId: run.id, step, attempts: done.attempts },
    });
  });
}

/** A transient failure: the step goes back to pending with its error, for the next attempt. */
export async function markStepRetrying(
  db: Db,
  runId: string,
  step: string,
  failure: StepFailure,
): Promise<void> {
  await db
    .update(runSteps)
    .set({ status: "pending", errorReason: failure.reason, errorMessage: failure.message })
    .where(and(eq(runSteps.runId, runId), eq(runSteps.name, step)));
}

/** A permanent failure: step and run fail, the cluster shows Failed, `run.failed` is emitted. */
export async function markRunFailed(db: Db, run: RunRow, step: string, failure: StepFailure): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(runSteps)
      .set({
        status: "failed",
        finishedAt: new Date(),
        errorReason: failure.reason,
        errorMessage: failure.message,
      })
      .where(and(eq(runSteps.runId, run.id), eq(runSteps.name, step)));
    const [failed] = await tx
      .update(runs)
      .set({
        status: "failed",
        finishedAt: new Date(),
        errorReason: failure.reason,
        errorMessage: failure.message,
      })
      .where(and(eq(runs.id, run.id), inArray(runs.status, ["queued", "running"])))
      .returning();
    if (!failed) return;
    await tx
      .update(clusters)
      .set({ phase: "Failed", lastRunId: run.id, updatedAt: new Date() })
      .where(and(eq(clusters.id, run.clusterId), eq(clusters.desiredGeneration, run.generation)));
    await recordEvent(tx, {
      tenantId: run.tenantId,
      type: "run.failed",
      clusterId: run.clusterId,
      subjectId: run.id,
      data: {
        runId: run.id,
        step,
        reason: failure.reason,
        message: failure.message,
        rolloutId: run.rolloutId,
      },
    });
    await wakeRollout(tx, failed);
  });
}

/**
 * The run succeeded: record its inventory on the run and the cluster, set the observed state
 * and phase, and emit `run.succeeded` (or `cluster.uninstalled`) — all in one transaction.
 */
export async function markRunSucceeded(db: Db, run: RunRow, inventory: InventoryEntry[]): Promise<void> {
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(runs)
      .set({ status: "succeeded", finishedAt: new Date(), inventory })
      .where(and(eq(runs.id, run.id), eq(runs.status, "running")))
      .returning();
    if (!done) return;
    const uninstalled = run.kind === "uninstall";
    await tx
      .update(clusters)
      .set({
        phase: uninstalled ? "Uninstalled" : "Ready",
        observedRelease: uninstalled ? null : run.releaseVersion,
        observedProfile: uninstalled ? null : run.profile,
        observedVersion: uninstalled ? null : run.profileVersion,
        observedGeneration: run.generation,
        inventory: uninstalled ? null : inventory,
        driftFingerprint: null,
        lastRunId: run.id,
        updatedAt: new Date(),
      })
      .where(and(eq(clusters.id, run.clusterId), eq(clusters.desiredGeneration, run.generation)));
    await recordEvent(tx, {
      tenantId: run.tenantId,
      type: uninstalled ? "cluster.uninstalled" : "run.succeeded",
      clusterId: run.clusterId,
      subjectId: run.id,
      data: {
        runId: run.id,
        profile: run.profile,
        version: run.profileVersion,
        release: run.releaseVersion,
        objects: inventory.length,
        rolloutId: run.rolloutId,
      },
    });
    await wakeRollout(tx, done);
  });
}

/** A rollout's run finished: queue a tick so the rollout moves on without waiting for its poller. */
async function wakeRollout(tx: Db, run: RunRow): Promise<void> {
  if (!run.rolloutId) return;
  await enqueueOutbox(tx, {
    tenantId: run.tenantId,
    job: "rollout-tick",
    payload: { rolloutId: run.rolloutId },
  });
}
