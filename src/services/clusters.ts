import { and, eq } from "drizzle-orm";
import type { KeyRing } from "../crypto/keyring.ts";
import { secretAad } from "../crypto/keyring.ts";
import type { Db } from "../db/client.ts";
import { clusters } from "../db/schema/index.ts";
import { describeKubeconfig } from "../domain/kubeconfig/describe.ts";
import type { VettedKubeconfig } from "../domain/kubeconfig/types.ts";
import { vetKubeconfig } from "../domain/kubeconfig/vet.ts";

export type ClusterRow = typeof clusters.$inferSelect;

/** Loads one of the tenant's clusters; undefined for another tenant's or a missing one. */
export async function findCluster(db: Db, tenantId: string, id: string): Promise<ClusterRow | undefined> {
  const [row] = await db
    .select()
    .from(clusters)
    .where(and(eq(clusters.tenantId, tenantId), eq(clusters.id, id)))
    .limit(1);
  return row;
}

/** The result of vetting and sealing a kubeconfig for one cluster row. */
export interface SealedKubeconfig {
  sealed: string;
  server: string;
  authKind: "token" | "clientCertificate";
  fingerprint: string;
}

/**
 * Vets a user's kubeconfig (422 naming the field on anything hostile) and seals the vetted
 * subset, bound to tenant and cluster. The raw text is never stored.
 */
export async function vetAndSeal(
  keyRing: KeyRing,
  input: {
    tenantId: string;
    clusterId: string;
    kubeconfig: string;
    context?: string;
    allowInsecureTLS: boolean;
  },
  opts: { allowLoopback: boolean },
): Promise<SealedKubeconfig> {
  const vetted = vetKubeconfig(input.kubeconfig, {
    context: input.context,
    allowInsecureTLS: input.allowInsecureTLS,
    allowLoopback: opts.allowLoopback,
  });
  const described = await describeKubeconfig(vetted);
  const sealed = await keyRing.seal(
    JSON.stringify(vetted),
    secretAad("kubeconfig", input.tenantId, input.clusterId),
  );
  return {
    sealed,
    server: described.server,
    authKind: described.authKind,
    fingerprint: described.fingerprint,
  };
}

/** Opens a cluster's sealed kubeconfig: for the workers only, never for responses or logs. */
export async function openKubeconfig(keyRing: KeyRing, row: ClusterRow): Promise<VettedKubeconfig> {
  const text = await keyRing.open(row.kubeconfigSealed, secretAad("kubeconfig", row.tenantId, row.id));
  return JSON.parse(text) as VettedKubeconfig;
}

/** The API's view of a cluster: the kubeconfig only as server, auth kind and fingerprint. */
export function toClusterView(row: ClusterRow) {
  return {
    id: row.id,
    name: row.name,
    labels: row.labels,
    kubeconfig: {
      server: row.server,
      authKind: row.authKind,
      fingerprint: row.fingerprint,
      context: row.kubeconfigContext,
      allowInsecureTLS: row.allowInsecureTls,
      credentialsVersion: row.credentialsVersion,
    },
    desired:
      row.desiredProfile && row.desiredVersion
        ? {
            profile: row.desiredProfile,
            version: row.desiredVersion,
            generation: row.desiredGeneration,
            uninstall: row.desiredUninstall,
          }
        : null,
    observed: {
      phase: row.phase,
      release: row.observedRelease,
      profile: row.observedProfile,
      version: row.observedVersion,
      generation: row.observedGeneration,
      lastRunId: row.lastRunId,
    },
    etag: clusterEtag(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Strong ETag over the row's revision counter. */
export function clusterEtag(row: { revision: number }): string {
  return `"r${row.revision}"`;
}
