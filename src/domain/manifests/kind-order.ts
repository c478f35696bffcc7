import type { ApplyPhase, K8sObject } from "./types.ts";

/**
 * Helm's install order of kinds (DOMAIN.md). Kinds not listed (custom resources) go last;
 * deletion runs in the reverse order.
 */
export const HELM_KIND_ORDER: readonly string[] = [
  "Namespace",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "PodSecurityPolicy",
  "PodDisruptionBudget",
  "ServiceAccount",
  "Secret",
  "SecretList",
  "ConfigMap",
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleList",
  "ClusterRoleBinding",
  "ClusterRoleBindingList",
  "Role",
  "RoleList",
  "RoleBinding",
  "RoleBindingList",
  "Service",
  "DaemonSet",
  "Pod",
  "ReplicationController",
  "ReplicaSet",
  "Deployment",
  "HorizontalPodAutoscaler",
  "StatefulSet",
  "Job",
  "CronJob",
  "IngressClass",
  "Ingress",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
];

const rank = new Map(HELM_KIND_ORDER.map((kind, i) => [kind, i]));

/** Position of a kind in the install order; unknown kinds sort after every known one. */
export function kindRank(kind: string): number {
  return rank.get(kind) ?? HELM_KIND_ORDER.length;
}

/** Stable sort by install order; ties keep their input order so renders are deterministic. */
export function sortForInstall<T extends { kind: string }>(objects: readonly T[]): T[] {
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => kindRank(a.object.kind) - kindRank(b.object.kind) || a.index - b.index)
    .map(({ object }) => object);
}

/** Reverse install order, for deletion and uninstall. */
export function sortForDeletion<T extends { kind: string }>(objects: readonly T[]): T[] {
  return sortForInstall(objects).reverse();
}

/** Splits a set into the engine's apply phases: namespaces, CRDs, then everything else in kind order. */
export function toApplyPhases(objects: readonly K8sObject[]): ApplyPhase[] {
  const sorted = sortForInstall(objects);
  return [
    { phase: "namespaces", objects: sorted.filter((o) => o.kind === "Namespace") },
    { phase: "crds", objects: sorted.filter((o) => o.kind === "CustomResourceDefinition") },
    {
      phase: "resources",
      objects: sorted.filter((o) => o.kind !== "Namespace" && o.kind !== "CustomResourceDefinition"),
    },
  ];
}
