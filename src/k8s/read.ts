import type { K8sClient } from "./client.ts";
import { MANAGED_LABEL } from "./marker.ts";
import { collectionPath, type ResourceLocation } from "./resource-path.ts";

/** A live object as JSON, with the fields the engine reads. */
export interface LiveObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

interface ListResponse {
  items?: LiveObject[];
}

/**
 * Reads the named objects of one collection with a single LIST: by field selector for one
 * name, else by meshfleet's managed label (so a cluster with hundreds of CRDs is not read whole).
 */
export async function listNamed(
  client: K8sClient,
  location: ResourceLocation,
  names: readonly string[],
  options: { managedOnly?: boolean } = {},
): Promise<Map<string, LiveObject>> {
  const wanted = new Set(names);
  const single = names.length === 1 ? names[0] : undefined;
  const res = await client.request<ListResponse>({
    method: "GET",
    path: collectionPath(location),
    query: {
      fieldSelector: single === undefined ? undefined : `metadata.name=${single}`,
      labelSelector:
        single === undefined && (options.managedOnly ?? true) ? `${MANAGED_LABEL}=true` : undefined,
    },
    what: `list ${location.resource}${location.namespace ? ` in ${location.namespace}` : ""}`,
  });
  const found = new Map<string, LiveObject>();
  for (const item of res.body.items ?? []) {
    if (wanted.has(item.metadata.name)) found.set(item.metadata.name, item);
  }
  return found;
}
