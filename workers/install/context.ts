import { and, eq, gt, inArray, isNotNull } from "drizzle-orm";
import type { KeyRing } from "../../src/crypto/keyring.ts";
import type { Db } from "../../src/db/client.ts";
import { runSteps, runs } from "../../src/db/schema/index.ts";
import type { InventoryEntry } from "../../src/db/schema/runs.ts";
import type { ClusterTarget, InstallContext } from "../../src/k8s/index.ts";
import { mergeInventories } from "../../src/k8s/inventory.ts";
import { type ClusterRow, openKubeconfig } from "../../src/services/clusters.ts";
import { loadProfileVersion, renderForCluster } from "../../src/services/profiles.ts";
import type { RunRow } from "../../src/services/runs.ts";

/** The engine's handle on a cluster: id, credentials version and the vetted kubeconfig. */
export async function clusterTarget(keyRing: KeyRing, cluster: ClusterRow): Promise<ClusterTarget> {
  return {
    id: cluster.id,
    credentialsVersion: cluster.credentialsVersion,
    kubeconfig: await openKubeconfig(keyRing, cluster),
  };
}

/**
 * What meshfleet may have left on the cluster: the last successful inventory plus whatever
 * later runs applied before they were superseded, cancelled or failed. Prune compares the new
 * set against all of it, so an interrupted run leaves nothing orphaned.
 */
export async function previousInventory(db: Db, cluster: ClusterRow): Promise<InventoryEntry[]> {
  const interrupted = await db
    .select({ output: runSteps.output })
    .from(runSteps)
    .innerJoin(runs, eq(runs.id, runSteps.runId))
    .where(
      and(
        eq(runs.clusterId, cluster.id),
        inArray(runs.status, ["superseded", "cancelled", "failed"]),
        gt(runs.generation, cluster.observedGeneration ?? -1),
        isNotNull(runSteps.output),
      ),
    );
  const partial = interrupted.map((r) => (r.output as { inventory?: InventoryEntry[] }).inventory ?? []);
  return mergeInventories(cluster.inventory ?? [], ...partial);
}

/** Everything an install step needs, rebuilt from the database whenever a worker (re)starts a run. */
export async function installContext(
  db: Db,
  keyRing: KeyRing,
  cluster: ClusterRow,
  run: RunRow,
): Promise<Omit<InstallContext, "applied" | "signal">> {
  const version = await loadProfileVersion(db, run.tenantId, run.profile!, run.profileVersion!, "profile");
  const rendered = await renderForCluster(db, run.tenantId, version, cluster);
  return {
    target: await clusterTarget(keyRing, cluster),
    objects: rendered.phases.flatMap((p) => p.objects),
    kubernetesRange: rendered.release.kubernetes,
    previous: await previousInventory(db, cluster),
    adopt: run.options.adopt ?? false,
    workloadTimeoutMs: version.waitTimeoutSeconds * 1000,
  };
}
