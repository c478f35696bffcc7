import type { K8sObject } from "../domain/manifests/types.ts";
import { splitApiVersion } from "./discovery.ts";
import { describeObject, type ResourceLocation } from "./resource-path.ts";

/**
 * One object meshfleet applied, as the caller stores it. `resource` (the plural) is kept so
 * prune, uninstall and observe need no discovery, even after a CRD is gone.
 */
export interface InventoryEntry {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespace?: string;
  name: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  /** Hash of the server's values at the paths meshfleet applied (see projection.ts). */
  contentHash: string;
  /** Set on namespaces meshfleet created; only those may ever be deleted. */
  createdNamespace?: boolean;
}

/** What an object is, independent of API version: group/kind/namespace/name. */
export function identityKey(ref: {
  group: string;
  kind: string;
  namespace?: string | undefined;
  name: string;
}) {
  return `${ref.group}/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}

/** Identity key of a release object. */
export function objectKey(object: K8sObject): string {
  const { group } = splitApiVersion(object.apiVersion);
  return identityKey({
    group,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
  });
}

/** REST location of an inventoried object. */
export function entryLocation(entry: InventoryEntry): ResourceLocation {
  return { group: entry.group, version: entry.version, resource: entry.resource, namespace: entry.namespace };
}

/** Human name for messages: `deployment istio-system/istiod`. */
export function describeEntry(entry: InventoryEntry): string {
  return describeObject(entry.kind, entry.namespace, entry.name);
}

/**
 * Merges per-step inventories (namespace, crds, profile) into one, later entries winning, so
 * a resumed run that re-applied a phase records each object once.
 */
export function mergeInventories(...parts: readonly (readonly InventoryEntry[])[]): InventoryEntry[] {
  const merged = new Map<string, InventoryEntry>();
  for (const part of parts) for (const entry of part) merged.set(identityKey(entry), entry);
  return [...merged.values()];
}

/** Groups entries by REST collection so waits and reads cost one LIST per group, not one GET per object. */
export function groupByCollection<T extends { location: ResourceLocation }>(
  items: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const { group, version, resource, namespace } = item.location;
    const key = `${group}/${version}/${resource}/${namespace ?? ""}`;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
