import type { K8sObject } from "../domain/manifests/types.ts";

/** SSA field manager for everything meshfleet applies. */
export const FIELD_MANAGER = "meshfleet";

/** Label on every object meshfleet applies; preflight treats Istio objects without it as unmanaged. */
export const MANAGED_LABEL = "meshfleet.io/managed";

/**
 * Annotation set (by a separate field manager, so later applies never remove it) on namespaces
 * meshfleet created. Prune and uninstall delete only namespaces carrying it.
 */
export const CREATED_NAMESPACE_ANNOTATION = "meshfleet.io/created-namespace";
export const MARKER_FIELD_MANAGER = "meshfleet-marker";

/** Lets a release put an object in an earlier phase, like Istio 1.4's CRD-installing Jobs. */
export const PHASE_ANNOTATION = "meshfleet.io/apply-phase";

/** The object as meshfleet applies it: the release's object plus the managed label. */
export function withManagedLabel(object: K8sObject): K8sObject {
  return {
    ...object,
    metadata: { ...object.metadata, labels: { ...object.metadata.labels, [MANAGED_LABEL]: "true" } },
  };
}

/** True when a live object carries meshfleet's managed label. */
export function isManaged(live: { metadata?: { labels?: Record<string, string> } }): boolean {
  return live.metadata?.labels?.[MANAGED_LABEL] === "true";
}
