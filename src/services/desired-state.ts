import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clusters } from "../db/schema/index.ts";
import type { ClusterRow } from "./clusters.ts";
import { recordEvent } from "./events.ts";
import { enqueueOutbox } from "./outbox.ts";
import { ensureRun, supersedeOlderRuns } from "./runs.ts";

/** What a cluster should run: a profile version (with its release), or nothing (uninstall). */
export type DesiredMesh =
  | { kind: "install"; profile: string; version: number; releaseVersion: string }
  | { kind: "uninstall"; deleteCrds: boolean };

/** A desired-state change, and who asked for it. */
export interface DesiredStateChange {
  tenantId: string;
  clusterId: string;
  desired: DesiredMesh;
  /** `key:<id>` for API callers, `rollout:<id>` for rollouts. */
  actor: string;
  /** Set when a rollout makes the change: its run is created now and carries the rollout id. */
  rolloutId?: string;
}

/** The cluster after the change, and the run created for it when a rollout asked. */
export interface DesiredStateResult {
  cluster: ClusterRow;
  runId: string | null;
}

/**
 * Records a new desired mesh state for a cluster and queues the install (or uninstall) that
 * converges it, all inside the caller's transaction: bumps `desired_generation`, supersedes
 * older runs, records the event and writes the outbox row. Returns undefined when the cluster
 * does not exist (or belongs to another tenant).
 *
 * For a rollout, the run is created here rather than by the install worker, so the rollout
 * can link it at once and the run carries the rollout id; the worker finds the same run by
 * (cluster, generation, kind).
 */
export async function setDesiredState(
  tx: Db,
  change: DesiredStateChange,
): Promise<DesiredStateResult | undefined> {
  const { tenantId, clusterId, desired } = change;
  const [cluster] = await tx
    .update(clusters)
    .set({
      ...(desired.kind === "install"
        ? { desiredProfile: desired.profile, desiredVersion: desired.version, desiredUninstall: false }
        : { desiredUninstall: true }),
      desiredGeneration: sql`${clusters.desiredGeneration} + 1`,
      revision: sql`${clusters.revision} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(clusters.id, clusterId), eq(clusters.tenantId, tenantId)))
    .returning();
  if (!cluster) return undefined;
  const generation = cluster.desiredGeneration;
  await supersedeOlderRuns(tx, tenantId, clusterId, generation);
  const rollout = change.rolloutId === undefined ? {} : { rolloutId: change.rolloutId };
  await recordEvent(tx, {
    tenantId,
    clusterId,
    actor: change.actor,
    ...(desired.kind === "install"
      ? {
          type: "cluster.desired_changed",
          data: { profile: desired.profile, version: desired.version, generation, ...rollout },
        }
      : {
          type: "cluster.uninstall_requested",
          data: { deleteCrds: desired.deleteCrds, generation, ...rollout },
        }),
  });
  let runId: string | null = null;
  if (change.rolloutId !== undefined) {
    const run = await ensureRun(tx, {
      tenantId,
      clusterId,
      generation,
      kind: desired.kind,
      profile: desired.kind === "install" ? desired.profile : cluster.desiredProfile,
      profileVersion: desired.kind === "install" ? desired.version : cluster.desiredVersion,
      releaseVersion: desired.kind === "install" ? desired.releaseVersion : cluster.observedRelease,
      options: desired.kind === "uninstall" ? { keepCrds: !desired.deleteCrds } : {},
      rolloutId: change.rolloutId,
    });
    runId = run.id;
  }
  const payload: Record<string, string | number | boolean> = { clusterId, generation };
  if (desired.kind === "uninstall") payload.deleteCrds = desired.deleteCrds;
  if (change.rolloutId !== undefined) payload.rolloutId = change.rolloutId;
  await enqueueOutbox(tx, { tenantId, job: "install", payload });
  return { cluster, runId };
}
