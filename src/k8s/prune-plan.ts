import { sortForDeletion } from "../domain/manifests/kind-order.ts";
import { describeEntry, type InventoryEntry, identityKey } from "./inventory.ts";

/** Deletions decided from inventories alone (pure); namespaces are re-checked live before deletion. */
export interface DeletionPlan {
  /** Phases to delete in order, each in reverse Helm kind order; wait for each to be gone. */
  phases: InventoryEntry[][];
  kept: { object: string; reason: string }[];
}

export interface DeletionPolicy {
  /** Delete CRDs too (and with them every custom resource of their kinds). Default false. */
  includeCrds?: boolean;
}

function split(entries: readonly InventoryEntry[], policy: DeletionPolicy): DeletionPlan {
  const kept: DeletionPlan["kept"] = [];
  const resources: InventoryEntry[] = [];
  const crds: InventoryEntry[] = [];
  const namespaces: InventoryEntry[] = [];
  for (const entry of entries) {
    if (entry.kind === "CustomResourceDefinition") {
      if (policy.includeCrds) crds.push(entry);
      else kept.push({ object: describeEntry(entry), reason: "CRDs are kept unless includeCrds is set" });
    } else if (entry.kind === "Namespace" && entry.group === "") {
      if (entry.createdNamespace) namespaces.push(entry);
      else kept.push({ object: describeEntry(entry), reason: "namespace was not created by meshfleet" });
    } else {
      resources.push(entry);
    }
  }
  const phases = [sortForDeletion(resources), sortForDeletion(crds), namespaces].filter((p) => p.length > 0);
  return { phases, kept };
}

/**
 * What an upgrade removes: objects in the previous inventory that the new set no longer
 * holds, matched by group/kind/namespace/name (a version bump is not a removal).
 */
export function planPrune(
  previous: readonly InventoryEntry[],
  current: readonly { group: string; kind: string; namespace?: string | undefined; name: string }[],
  policy: DeletionPolicy = {},
): DeletionPlan {
  const wanted = new Set(current.map(identityKey));
  return split(
    previous.filter((e) => !wanted.has(identityKey(e))),
    policy,
  );
}

/** What an uninstall removes: the whole inventory, resources first, then CRDs, then namespaces. */
export function planUninstall(
  inventory: readonly InventoryEntry[],
  policy: DeletionPolicy = {},
): DeletionPlan {
  return split(inventory, policy);
}
