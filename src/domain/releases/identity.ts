import type { K8sObject } from "../manifests/types.ts";
import { apiGroup, type ScopeOf } from "./scope.ts";

/** The namespace every Istio release is rendered for; objects without one land there too. */
export const RELEASE_NAMESPACE = "istio-system";

/**
 * Identity of an object in one apply set: group, kind, namespace, name. The API version is
 * left out (v1beta1 and v1 of a kind are the same object), the group is not (two `Gateway`
 * kinds in different groups are different objects). Cluster-scoped objects have no
 * namespace, and a namespaced object without one counts as `defaultNamespace`.
 */
export function objectKey(object: K8sObject, scopeOf: ScopeOf, defaultNamespace = RELEASE_NAMESPACE): string {
  const namespace = scopeOf(object) === "Cluster" ? "" : (object.metadata.namespace ?? defaultNamespace);
  return `${apiGroup(object.apiVersion)}/${object.kind}/${namespace}/${object.metadata.name}`;
}

/** Human form of an object for messages: `Deployment istio-system/istiod`. */
export function describeObject(object: K8sObject): string {
  const ns = object.metadata.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ""}${object.metadata.name}`;
}
