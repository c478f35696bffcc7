import type { K8sClient } from "./client.ts";
import { MANAGED_LABEL } from "./marker.ts";
import { describeObject } from "./resource-path.ts";

/** Ask for metadata only: a cluster's CRD list with schemas can run to megabytes. */
const METADATA_ONLY = { accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1" };

interface MetadataList {
  items?: { metadata: { name: string; namespace?: string } }[];
}

async function listUnmanaged(
  client: K8sClient,
  path: string,
  selector: string,
): Promise<MetadataList["items"]> {
  const res = await client.request<MetadataList>({
    method: "GET",
    path,
    query: { labelSelector: `${selector}${selector ? "," : ""}!${MANAGED_LABEL}` },
    headers: METADATA_ONLY,
    what: `look for unmanaged Istio (${path})`,
  });
  return res.body.items ?? [];
}

/**
 * Finds an Istio control plane meshfleet does not manage: istiod/pilot Deployments (label
 * `istio=pilot` in 1.4 and today, `app=istiod` today) or `*.istio.io` CRDs without
 * meshfleet's managed label. Returns them named, for the preflight error.
 */
export async function findUnmanagedIstio(client: K8sClient): Promise<string[]> {
  const [crds, pilots, istiods] = await Promise.all([
    listUnmanaged(client, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", ""),
    listUnmanaged(client, "/apis/apps/v1/deployments", "istio=pilot"),
    listUnmanaged(client, "/apis/apps/v1/deployments", "app=istiod"),
  ]);
  const found = new Set<string>();
  for (const d of [...(pilots ?? []), ...(istiods ?? [])]) {
    found.add(describeObject("Deployment", d.metadata.namespace, d.metadata.name));
  }
  for (const crd of crds ?? []) {
    if (crd.metadata.name.endsWith(".istio.io"))
      found.add(describeObject("CustomResourceDefinition", undefined, crd.metadata.name));
  }
  return [...found].sort();
}
