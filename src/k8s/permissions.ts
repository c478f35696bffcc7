import type { K8sClient } from "./client.ts";
import { mapLimit } from "./concurrency.ts";

/** One verb on one resource, in a namespace or cluster-wide. */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

/** A resource type the bundle touches, resolved to its plural. */
export interface TouchedResource {
  kind: string;
  group: string;
  resource: string;
  namespace?: string | undefined;
}

/** Verbs apply, wait, observe, prune and uninstall use on every object type. */
const OBJECT_VERBS = ["get", "list", "create", "patch", "delete"];

/**
 * Reads preflight itself needs: looking for an Istio control plane meshfleet does not manage
 * means listing CRDs and Deployments across the cluster.
 */
export const DETECTION_PERMISSIONS: readonly Permission[] = [
  { verb: "list", group: "apiextensions.k8s.io", resource: "customresourcedefinitions" },
  { verb: "list", group: "apps", resource: "deployments" },
];

/**
 * Every permission the bundle needs, deduplicated. CRD deletion is left out: CRDs are only
 * deleted when an uninstall asks for it, and a token without that right can still install.
 */
export function requiredPermissions(touched: readonly TouchedResource[]): Permission[] {
  const seen = new Map<string, Permission>();
  const add = (p: Permission) => seen.set(`${p.verb}|${p.group}|${p.resource}|${p.namespace ?? ""}`, p);
  for (const t of touched) {
    for (const verb of OBJECT_VERBS) {
      if (verb === "delete" && t.kind === "CustomResourceDefinition") continue;
      add({ verb, group: t.group, resource: t.resource, ...(t.namespace ? { namespace: t.namespace } : {}) });
    }
  }
  for (const p of DETECTION_PERMISSIONS) add(p);
  return [...seen.values()];
}

/** `patch deployments.apps in istio-system`, `create customresourcedefinitions.apiextensions.k8s.io (cluster-wide)`. */
export function describePermission(p: Permission): string {
  const resource = p.group ? `${p.resource}.${p.group}` : p.resource;
  return `${p.verb} ${resource} ${p.namespace ? `in ${p.namespace}` : "(cluster-wide)"}`;
}

interface AccessReview {
  status?: { allowed?: boolean };
}

/**
 * Asks the API server, through SelfSubjectAccessReview, which permissions the credentials
 * lack. Every check runs (a few in parallel) so one error can list all that is missing.
 */
export async function missingPermissions(
  client: K8sClient,
  needed: readonly Permission[],
): Promise<Permission[]> {
  const allowed = await mapLimit(needed, 8, async (p) => {
    const res = await client.request<AccessReview>({
      method: "POST",
      path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: {
          resourceAttributes: {
            verb: p.verb,
            group: p.group,
            resource: p.resource,
            ...(p.namespace ? { namespace: p.namespace } : {}),
          },
        },
      },
      what: `access review ${describePermission(p)}`,
    });
    return res.body.status?.allowed === true;
  });
  return needed.filter((_, i) => !allowed[i]);
}
