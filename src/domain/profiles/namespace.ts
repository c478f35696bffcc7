import type { K8sObject } from "../manifests/types.ts";
import { RELEASE_NAMESPACE } from "../releases/identity.ts";
import { scopeResolver } from "../releases/scope.ts";

/**
 * Deep copies of a release's objects (CRDs included) moved into the profile's namespace:
 * namespaced objects without a namespace or in `istio-system` move, others keep theirs;
 * cluster-scoped objects lose any stray namespace. The release's own `istio-system`
 * Namespace object becomes `namespace`, and one is added when the release has none, so
 * the first apply phase always creates it.
 */
export function placeInNamespace(objects: readonly K8sObject[], namespace: string): K8sObject[] {
  const scopeOf = scopeResolver(objects);
  const hasTarget = objects.some((o) => o.kind === "Namespace" && o.metadata.name === namespace);
  const placed = objects.map((original) => {
    const object = structuredClone(original);
    if (scopeOf(object) === "Cluster") {
      delete object.metadata.namespace;
      if (object.kind === "Namespace" && object.metadata.name === RELEASE_NAMESPACE && !hasTarget) {
        object.metadata.name = namespace;
      }
    } else if (object.metadata.namespace === undefined || object.metadata.namespace === RELEASE_NAMESPACE) {
      object.metadata.namespace = namespace;
    }
    return object;
  });
  if (!placed.some((o) => o.kind === "Namespace" && o.metadata.name === namespace)) {
    placed.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  }
  return placed;
}
