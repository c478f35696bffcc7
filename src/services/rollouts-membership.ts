import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clusters, rolloutClusters, rollouts } from "../db/schema/index.ts";
import type { RolloutPlan } from "../domain/rollouts/index.ts";
import { enqueueOutbox } from "./outbox.ts";
import { clustersOf, ROLLOUT_COLUMNS, readRollout } from "./rollouts.ts";

/** A cluster held by another active rollout. */
export interface Holder {
  clusterId: string;
  clusterName: string;
  rolloutId: string;
  rolloutName: string;
}

/**
 * Makes the plan's clusters members of the rollout. The partial unique index on active
 * memberships decides races: a cluster already in an active rollout is not inserted, and its
 * id is returned, so the caller answers 409 or supersedes. One statement whatever the size:
 * the rows travel as one JSON document (10,000 rows as separate parameters cost seconds).
 */
export async function claimClusters(
  tx: Db,
  input: { rolloutId: string; tenantId: string; plan: RolloutPlan; only?: ReadonlySet<string> },
): Promise<string[]> {
  const rows = input.plan.waves.flatMap((wave) =>
    wave.clusters
      .filter((cluster) => input.only === undefined || input.only.has(cluster.id))
      .map((cluster) => ({
        cluster_id: cluster.id,
        wave: wave.index,
        previous_profile: cluster.previous?.profile ?? null,
        previous_version: cluster.previous ? Number(cluster.previous.version) : null,
      })),
  );
  if (rows.length === 0) return [];
  // Columns in the table's order (drizzle inserts a raw select into every column).
  const inserted = await tx
    .insert(rolloutClusters)
    .select(
      sql`select ${input.rolloutId}::uuid, r.cluster_id, ${input.tenantId}, r.wave, true, null::uuid,
          r.previous_profile, r.previous_version
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(cluster_id uuid, wave int, previous_profile text, previous_version int)`,
    )
    .onConflictDoNothing()
    .returning({ clusterId: rolloutClusters.clusterId });
  const claimed = new Set(inserted.map((row) => row.clusterId));
  return rows.filter((row) => !claimed.has(row.cluster_id)).map((row) => row.cluster_id);
}

/** Which active rollouts hold these clusters, with names for the 409's detail. */
export async function findHolders(
  tx: Db,
  tenantId: string,
  clusterIds: readonly string[],
): Promise<Holder[]> {
  if (clusterIds.length === 0) return [];
  return tx
    .select({
      clusterId: rolloutClusters.clusterId,
      clusterName: clusters.name,
      rolloutId: rollouts.id,
      rolloutName: rollouts.name,
    })
    .from(rolloutClusters)
    .innerJoin(rollouts, eq(rollouts.id, rolloutClusters.rolloutId))
    .innerJoin(clusters, eq(clusters.id, rolloutClusters.clusterId))
    .where(
      and(
        eq(rolloutClusters.tenantId, tenantId),
        eq(rolloutClusters.active, true),
        inArray(rolloutClusters.clusterId, [...clusterIds]),
      ),
    );
}

/**
 * Supersede: takes clusters out of the rollouts holding them. In each old rollout the cluster
 * is skipped if it had not finished (an install in flight is superseded by the new rollout's
 * own), keeps its result otherwise, and is never rolled back by the old rollout, whose
 * membership is deactivated. The old rollouts get a tick: a wave may now be finished.
 */
export async function releaseClusters(
  tx: Db,
  holders: readonly Holder[],
  newRolloutId: string,
): Promise<void> {
  const byRollout = new Map<string, Holder[]>();
  for (const holder of holders)
    byRollout.set(holder.rolloutId, [...(byRollout.get(holder.rolloutId) ?? []), holder]);
  for (const [rolloutId, held] of byRollout) {
    const [row] = await tx
      .select(ROLLOUT_COLUMNS)
      .from(rollouts)
      .where(eq(rollouts.id, rolloutId))
      .for("update");
    if (!row) continue;
    const { progress } = readRollout(row);
    const ids = new Set(held.map((holder) => holder.clusterId));
    for (const [cluster] of clustersOf(progress)) {
      if (!ids.has(cluster.id)) continue;
      if (
        cluster.status === "pending" ||
        cluster.status === "installing" ||
        cluster.status === "rollingBack"
      ) {
        cluster.status = "skipped";
      }
      cluster.reason = `superseded by rollout ${newRolloutId}`;
    }
    await tx
      .update(rollouts)
      .set({ progress: progress as unknown as Record<string, unknown>, updatedAt: new Date() })
      .where(eq(rollouts.id, rolloutId));
    await tx
      .update(rolloutClusters)
      .set({ active: false })
      .where(and(eq(rolloutClusters.rolloutId, rolloutId), inArray(rolloutClusters.clusterId, [...ids])));
    await enqueueOutbox(tx, { tenantId: row.tenantId, job: "rollout-tick", payload: { rolloutId } });
  }
}
