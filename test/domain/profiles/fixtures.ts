import type { K8sObject } from "../../../src/domain/manifests/types.ts";
import { parseManifestDocuments } from "../../../src/domain/releases/documents.ts";
import { DEMO_PROFILE, GATEWAY_CRD, WASM_CRD } from "../manifests.ts";

/** The demo release profile, parsed: CRDs apart, as normalizeRelease stores them. */
export function demoRelease(): { crds: K8sObject[]; objects: K8sObject[] } {
  return {
    crds: parseManifestDocuments(`${GATEWAY_CRD}---\n${WASM_CRD}`, "crds"),
    objects: parseManifestDocuments(DEMO_PROFILE, "profiles.demo"),
  };
}

/** `Kind namespace/name` (or `Kind name`) for compact assertions. */
export const ref = (o: K8sObject): string =>
  `${o.kind} ${o.metadata.namespace === undefined ? "" : `${o.metadata.namespace}/`}${o.metadata.name}`;
