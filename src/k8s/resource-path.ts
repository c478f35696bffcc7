/** The parts of a REST path for one resource type, optionally within a namespace. */
export interface ResourceLocation {
  group: string;
  version: string;
  resource: string;
  namespace?: string | undefined;
}

/** Collection path: `/apis/apps/v1/namespaces/ns/deployments` or `/api/v1/namespaces`. */
export function collectionPath(loc: ResourceLocation): string {
  const root = loc.group === "" ? `/api/${loc.version}` : `/apis/${loc.group}/${loc.version}`;
  const ns = loc.namespace ? `/namespaces/${encodeURIComponent(loc.namespace)}` : "";
  return `${root}${ns}/${loc.resource}`;
}

/** Object path: the collection path plus the name. */
export function objectPath(loc: ResourceLocation, name: string): string {
  return `${collectionPath(loc)}/${encodeURIComponent(name)}`;
}

/** `deployment istio-system/istiod`, `customresourcedefinition gateways.networking.istio.io`. */
export function describeObject(kind: string, namespace: string | undefined, name: string): string {
  return `${kind.toLowerCase()} ${namespace ? `${namespace}/` : ""}${name}`;
}
