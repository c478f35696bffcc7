import type { VettedKubeconfig } from "../../../src/domain/kubeconfig/types.ts";
import { K8sClient } from "../../../src/k8s/client.ts";

/** What the restricted token may do: read namespaces and configmaps, nothing else. */
export const RESTRICTED_RULES = [
  { apiGroups: [""], resources: ["namespaces", "configmaps"], verbs: ["get", "list"] },
];

/** Binds the `restricted` token user to a read-only ClusterRole (applied by the harness, not meshfleet). */
export async function grantRestrictedAccess(admin: VettedKubeconfig): Promise<void> {
  const client = await K8sClient.create(
    { id: "fleet-harness", credentialsVersion: 0, kubeconfig: admin },
    { allowLoopback: true },
  );
  try {
    const apply = (path: string, body: unknown) =>
      client.request({
        method: "PATCH",
        path,
        query: { fieldManager: "fleet-harness", force: "true" },
        body,
        contentType: "application/apply-patch+yaml",
      });
    const name = "meshfleet-test-restricted";
    await apply(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name },
      rules: RESTRICTED_RULES,
    });
    await apply(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "restricted" }],
    });
  } finally {
    await client.close();
  }
}
