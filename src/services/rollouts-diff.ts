import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clusters } from "../db/schema/index.ts";
import type { StoredOverlay } from "../db/schema/mesh-profile-versions.ts";
import type { InventoryEntry } from "../db/schema/runs.ts";
import { DomainValidationError } from "../domain/errors.ts";
import type { K8sObject } from "../domain/manifests/types.ts";
import { renderProfile } from "../domain/profiles/render.ts";
import { canonicalJson } from "../domain/releases/digest.ts";
import { loadReleaseContent, type ProfileVersionRow, type ReleaseContent } from "./profiles.ts";

/** An object named by group/kind/namespace/name, as inventories record it. */
export interface ObjectRef {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What installing the profile would do to one cluster's objects. */
export interface ObjectChanges {
  created: ObjectRef[];
  updated: ObjectRef[];
  deleted: ObjectRef[];
  unchanged: number;
}

/** A rendered object with its identity and the hash an apply would store for it. */
export interface RenderedEntry extends ObjectRef {
  contentHash: string;
}

const MANAGED_LABEL = "meshfleet.io/managed";
/** Metadata the apply leaves out of its content hash (src/k8s/projection.ts IGNORED_METADATA). */
const IGNORED_METADATA = ["name", "namespace", "resourceVersion", "uid", "generation", "managedFields"];

function keyOf(ref: ObjectRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}

function refOf(ref: ObjectRef): ObjectRef {
  return {
    group: ref.group,
    kind: ref.kind,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    name: ref.name,
  };
}

/**
 * Compares a rendered profile with a cluster's last inventory. Created: not in the inventory;
 * deleted: what the upgrade's prune would remove (CRDs are kept, and only namespaces meshfleet
 * created are deleted); updated: in both with a different content hash. Pure.
 */
export function diffInventory(
  rendered: readonly RenderedEntry[],
  inventory: readonly InventoryEntry[],
): ObjectChanges {
  const previous = new Map(inventory.map((entry) => [keyOf(entry), entry]));
  const wanted = new Set<string>();
  const changes: ObjectChanges = { created: [], updated: [], deleted: [], unchanged: 0 };
  for (const object of rendered) {
    const key = keyOf(object);
    wanted.add(key);
    const before = previous.get(key);
    if (before === undefined) changes.created.push(refOf(object));
    else if (before.contentHash !== object.contentHash) changes.updated.push(refOf(object));
    else changes.unchanged++;
  }
  for (const entry of inventory) {
    if (wanted.has(keyOf(entry))) continue;
    if (entry.kind === "CustomResourceDefinition") continue;
    if (entry.kind === "Namespace" && entry.group === "" && !entry.createdNamespace) continue;
    changes.deleted.push(refOf(entry));
  }
  return changes;
}

/**
 * The content hash an apply of `object` would record if the server stores what was sent.
 * The engine (src/k8s) is Node-only and may not reach the API bundle, so this mirrors its
 * projection: the applied body with the managed label, without identity, status, apiVersion
 * and kind. The dry-run fleet test checks both agree on a real cluster.
 */
export async function contentHashOf(object: K8sObject): Promise<string> {
  const {
    status: _status,
    apiVersion: _apiVersion,
    kind: _kind,
    ...rest
  } = object as K8sObject & {
    status?: unknown;
  };
  const metadata: Record<string, unknown> = {
    ...object.metadata,
    labels: { ...object.metadata.labels, [MANAGED_LABEL]: "true" },
  };
  for (const key of IGNORED_METADATA) delete metadata[key];
  const bytes = new TextEncoder().encode(canonicalJson({ ...rest, metadata }));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "").slice(0, 22);
}

/** A rendered object's identity: the group is the apiVersion's part before the slash. */
export function objectRefOf(object: K8sObject): ObjectRef {
  const slash = object.apiVersion.indexOf("/");
  return {
    group: slash < 0 ? "" : object.apiVersion.slice(0, slash),
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
  };
}

/** One cluster's dry-run result: its changes, or why the profile does not render for it. */
export type ClusterDiff = { clusterId: string; name: string } & (
  | { changes: ObjectChanges; error?: undefined }
  | { changes?: undefined; error: string }
);

/**
 * Renders the profile version for each cluster and diffs it against the cluster's last
 * inventory. The release is loaded once by the caller; rendering is pure, so this does no I/O.
 */
export async function diffClusters(
  release: ReleaseContent,
  version: { namespace: string; revision: string | null; overlays: StoredOverlay[] },
  clusters: readonly {
    id: string;
    name: string;
    labels: Record<string, string>;
    inventory: InventoryEntry[] | null;
  }[],
): Promise<ClusterDiff[]> {
  const results: ClusterDiff[] = [];
  for (const cluster of clusters) {
    let objects: K8sObject[];
    try {
      objects = renderProfile({
        crds: release.crds,
        objects: release.objects,
        namespace: version.namespace,
        ...(version.revision ? { revision: version.revision } : {}),
        overlays: version.overlays,
        cluster: { name: cluster.name, labels: cluster.labels },
      }).objects;
    } catch (err) {
      if (!(err instanceof DomainValidationError)) throw err;
      results.push({ clusterId: cluster.id, name: cluster.name, error: err.message });
      continue;
    }
    const rendered = await Promise.all(
      objects.map(async (object) => ({ ...objectRefOf(object), contentHash: await contentHashOf(object) })),
    );
    results.push({
      clusterId: cluster.id,
      name: cluster.name,
      changes: diffInventory(rendered, cluster.inventory ?? []),
    });
  }
  return results;
}

/** The dry run's changes for every selected cluster: loads the release once and each inventory. */
export async function dryRunChanges(
  db: Db,
  tenantId: string,
  version: ProfileVersionRow,
  clusterIds: readonly string[],
): Promise<ClusterDiff[]> {
  const release = await loadReleaseContent(db, tenantId, version.releaseVersion, version.istioProfile, {
    release: "release",
    profile: "profile",
  });
  const rows = clusterIds.length
    ? await db
        .select({
          id: clusters.id,
          name: clusters.name,
          labels: clusters.labels,
          inventory: clusters.inventory,
        })
        .from(clusters)
        .where(and(eq(clusters.tenantId, tenantId), inArray(clusters.id, [...clusterIds])))
        .orderBy(asc(clusters.name))
    : [];
  return diffClusters(release, version, rows);
}
