import { and, eq } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters, rolloutClusters } from "../../src/db/schema/index.ts";
import { DomainValidationError } from "../../src/domain/errors.ts";
import { renderProfile } from "../../src/domain/profiles/render.ts";
import type { ProfileVersion } from "../../src/domain/rollouts/index.ts";
import { type DesiredMesh, setDesiredState } from "../../src/services/desired-state.ts";
import {
  loadProfileVersion,
  loadReleaseContent,
  type ProfileVersionRow,
  type ReleaseContent,
} from "../../src/services/profiles.ts";
import type { StoredCluster } from "../../src/services/rollouts.ts";

/** What starting clusters needs for one tick: the rollout, and caches of loaded versions. */
export interface StartContext {
  tx: Db;
  tenantId: string;
  rolloutId: string;
  versions: Map<string, Promise<{ version: ProfileVersionRow; release: ReleaseContent }>>;
}

/** Loads a profile version and its release once per tick. */
function loadVersion(ctx: StartContext, target: ProfileVersion) {
  const key = `${target.profile}@${target.version}`;
  let loaded = ctx.versions.get(key);
  if (!loaded) {
    loaded = (async () => {
      const version = await loadProfileVersion(
        ctx.tx,
        ctx.tenantId,
        target.profile,
        Number(target.version),
        "profile",
      );
      const release = await loadReleaseContent(
        ctx.tx,
        ctx.tenantId,
        version.releaseVersion,
        version.istioProfile,
        {
          release: "release",
          profile: "profile",
        },
      );
      return { version, release };
    })();
    ctx.versions.set(key, loaded);
  }
  return loaded;
}

function describe(err: unknown): string {
  return err instanceof DomainValidationError ? err.message : String((err as Error)?.message ?? err);
}

async function recordRun(ctx: StartContext, clusterId: string, runId: string | null): Promise<void> {
  await ctx.tx
    .update(rolloutClusters)
    .set({ runId })
    .where(and(eq(rolloutClusters.rolloutId, ctx.rolloutId), eq(rolloutClusters.clusterId, clusterId)));
}

/**
 * Carries out a `startInstall`: sets the cluster's desired state to the target (which queues
 * its install run) and records the generation and run on the cluster's progress. Returns true
 * when it recorded a result instead of starting an install: the cluster was deleted (skipped),
 * already desired at the target (succeeded, untouched), or the profile does not render for
 * it (failed: it counts against the budget like a failed install, without touching it).
 */
export async function startInstall(
  ctx: StartContext,
  cluster: StoredCluster,
  target: ProfileVersion,
): Promise<boolean> {
  const [row] = await ctx.tx.select().from(clusters).where(eq(clusters.id, cluster.id));
  if (!row) {
    cluster.status = "skipped";
    cluster.reason = "cluster deleted during the rollout";
    return true;
  }
  if (
    !row.desiredUninstall &&
    row.desiredProfile === target.profile &&
    String(row.desiredVersion) === target.version
  ) {
    cluster.status = "succeeded";
    cluster.alreadyAtTarget = true;
    cluster.reason = "already desired at the target when its wave started";
    return true;
  }
  let desired: DesiredMesh;
  try {
    const { version, release } = await loadVersion(ctx, target);
    renderProfile({
      crds: release.crds,
      objects: release.objects,
      namespace: version.namespace,
      ...(version.revision ? { revision: version.revision } : {}),
      overlays: version.overlays,
      cluster: { name: row.name, labels: row.labels },
    });
    desired = {
      kind: "install",
      profile: target.profile,
      version: version.version,
      releaseVersion: version.releaseVersion,
    };
  } catch (err) {
    cluster.status = "failed";
    cluster.reason = `RenderFailed: ${describe(err)}`.slice(0, 500);
    return true;
  }
  cluster.runId = await changeDesired(ctx, cluster, desired);
  return false;
}

/**
 * Carries out a `startRollback`: returns the cluster to `to` (its version before the rollout)
 * or uninstalls it (`to` null). Returns true when it recorded a result instead: the cluster
 * was deleted or taken over (superseded, or its desired state changed since the rollout set
 * it), so it is skipped; the rollout never set its desired state (a render failure), so there
 * is nothing to undo; or the previous version cannot be loaded (rollbackFailed).
 */
export async function startRollback(
  ctx: StartContext,
  cluster: StoredCluster,
  to: ProfileVersion | null,
): Promise<boolean> {
  const [row] = await ctx.tx.select().from(clusters).where(eq(clusters.id, cluster.id));
  const [member] = await ctx.tx
    .select({ active: rolloutClusters.active })
    .from(rolloutClusters)
    .where(and(eq(rolloutClusters.rolloutId, ctx.rolloutId), eq(rolloutClusters.clusterId, cluster.id)));
  const skip = !row
    ? "cluster deleted during the rollout"
    : !member?.active
      ? (cluster.reason ?? "taken over by another rollout")
      : cluster.generation !== undefined && row.desiredGeneration !== cluster.generation
        ? "its desired state was changed outside the rollout"
        : null;
  if (skip !== null) {
    cluster.status = "skipped";
    cluster.reason = skip;
    return true;
  }
  if (cluster.generation === undefined) {
    cluster.status = "rolledBack";
    cluster.reason = "nothing to undo: the rollout never changed this cluster";
    return true;
  }
  let desired: DesiredMesh;
  if (to === null) desired = { kind: "uninstall", deleteCrds: false };
  else {
    try {
      const { version } = await loadVersion(ctx, to);
      desired = {
        kind: "install",
        profile: to.profile,
        version: version.version,
        releaseVersion: version.releaseVersion,
      };
    } catch (err) {
      cluster.status = "rollbackFailed";
      cluster.reason = `cannot load the previous version: ${describe(err)}`.slice(0, 500);
      return true;
    }
  }
  cluster.rollbackRunId = await changeDesired(ctx, cluster, desired);
  return false;
}

/** Sets the cluster's desired state on behalf of the rollout and links the run it creates. */
async function changeDesired(ctx: StartContext, cluster: StoredCluster, desired: DesiredMesh) {
  const changed = await setDesiredState(ctx.tx, {
    tenantId: ctx.tenantId,
    clusterId: cluster.id,
    desired,
    actor: `rollout:${ctx.rolloutId}`,
    rolloutId: ctx.rolloutId,
  });
  cluster.generation = changed!.cluster.desiredGeneration;
  await recordRun(ctx, cluster.id, changed!.runId);
  return changed!.runId;
}
