import type { K8sObject } from "../domain/manifests/types.ts";
import type { K8sClient } from "./client.ts";
import { splitApiVersion } from "./discovery.ts";
import { EngineError } from "./errors.ts";
import { findUnmanagedIstio } from "./istio-detect.ts";
import {
  describePermission,
  missingPermissions,
  requiredPermissions,
  type TouchedResource,
} from "./permissions.ts";
import { type KubernetesRange, outsideRange, serverMinor } from "./version-range.ts";

export interface PreflightInput {
  /** The whole release about to be applied. */
  objects: readonly K8sObject[];
  /** The release's supported Kubernetes range. */
  kubernetesRange: KubernetesRange;
  /** The request explicitly accepts a server outside the range. */
  allowUnsupportedVersion?: boolean;
  /** Take over an Istio control plane meshfleet did not install. */
  adopt?: boolean;
}

export interface PreflightReport {
  serverVersion: string;
  minor: number;
  permissionsChecked: number;
  /** Unmanaged Istio objects found; non-empty only when `adopt` allowed going on. */
  adopted: string[];
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { kind?: string; plural?: string };
}

/**
 * Resource types the bundle touches. Custom kinds take their plural from the bundle's own
 * CRDs, since before install the cluster cannot tell; built-in kinds come from discovery.
 */
async function touchedResources(
  client: K8sClient,
  objects: readonly K8sObject[],
): Promise<TouchedResource[]> {
  const crds = objects
    .filter((o) => o.kind === "CustomResourceDefinition")
    .map((o) => (o.spec ?? {}) as CrdSpec);
  return Promise.all(
    objects.map(async (o): Promise<TouchedResource> => {
      const { group } = splitApiVersion(o.apiVersion);
      const crd = crds.find((c) => c.group === group && c.names?.kind === o.kind);
      if (crd?.names?.plural) {
        const namespace = crd.scope === "Namespaced" ? o.metadata.namespace : undefined;
        return { kind: o.kind, group, resource: crd.names.plural, namespace };
      }
      const info = await client.discovery.resolve(o.apiVersion, o.kind);
      return {
        kind: o.kind,
        group,
        resource: info.resource,
        namespace: info.namespaced ? o.metadata.namespace : undefined,
      };
    }),
  );
}

async function readVersion(client: K8sClient) {
  const res = await client.request<{ major?: string; minor?: string; gitVersion?: string }>({
    method: "GET",
    path: "/version",
    what: "read server version",
  });
  return res.body;
}

/**
 * Checks a cluster before anything is applied: reachable, a Kubernetes minor inside the
 * release's range, every needed permission (all missing ones reported in one Forbidden
 * error), and no Istio control plane that meshfleet does not manage unless adopting.
 */
export async function preflight(client: K8sClient, input: PreflightInput): Promise<PreflightReport> {
  const version = await readVersion(client);
  const minor = serverMinor(version);
  if (minor === undefined)
    throw new EngineError("VersionUnsupported", "server did not report a Kubernetes 1.x version");
  const outside = outsideRange(minor, input.kubernetesRange);
  if (outside && !input.allowUnsupportedVersion) throw new EngineError("VersionUnsupported", outside);

  const needed = requiredPermissions(await touchedResources(client, input.objects));
  const missing = await missingPermissions(client, needed);
  if (missing.length > 0) {
    const details = missing.map(describePermission);
    throw new EngineError(
      "Forbidden",
      `credentials lack ${missing.length} permission(s): ${details.join(", ")}`,
      {
        details,
      },
    );
  }

  const unmanaged = await findUnmanagedIstio(client);
  if (unmanaged.length > 0 && !input.adopt) {
    throw new EngineError(
      "UnmanagedIstio",
      `an Istio installation not managed by meshfleet exists: ${unmanaged.join(", ")} (set adopt to take it over)`,
      { details: unmanaged },
    );
  }
  return {
    serverVersion: version.gitVersion ?? `1.${minor}`,
    minor,
    permissionsChecked: needed.length,
    adopted: unmanaged,
  };
}
