import type { K8sObject } from "../manifests/types.ts";

/**
 * Built-in kinds that are cluster-scoped: they never get a namespace. Includes the admission
 * policies Istio's `base` chart ships besides the kinds listed in the issue.
 */
export const BUILTIN_CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "PersistentVolume",
  "StorageClass",
  "IngressClass",
  "APIService",
  "PriorityClass",
  "PodSecurityPolicy",
  "CSIDriver",
  "CSINode",
  "RuntimeClass",
  "Node",
  "VolumeAttachment",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "CertificateSigningRequest",
  "ClusterTrustBundle",
]);

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → "" (core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** Scope lookup for a release: custom kinds from its CRDs, built-ins otherwise. */
export type ScopeOf = (object: Pick<K8sObject, "apiVersion" | "kind">) => "Cluster" | "Namespaced";

/**
 * Builds the scope lookup from the CRDs among `objects` (other objects are ignored, so a
 * caller may pass CRDs and resources together). A CRD's own `spec.scope` wins over the
 * built-in list, so a custom kind that happens to share a built-in's name is still right.
 */
export function scopeResolver(objects: readonly K8sObject[]): ScopeOf {
  const custom = new Map<string, "Cluster" | "Namespaced">();
  for (const crd of objects) {
    if (crd.kind !== "CustomResourceDefinition") continue;
    const spec = crd.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
    if (typeof spec?.group === "string" && typeof spec.names?.kind === "string") {
      custom.set(`${spec.group}/${spec.names.kind}`, spec.scope === "Cluster" ? "Cluster" : "Namespaced");
    }
  }
  return (object) =>
    custom.get(`${apiGroup(object.apiVersion)}/${object.kind}`) ??
    (BUILTIN_CLUSTER_SCOPED_KINDS.has(object.kind) ? "Cluster" : "Namespaced");
}
