import { expect, test } from "vitest";
import { parseManifestDocuments } from "../../../src/domain/releases/documents.ts";
import { apiGroup, scopeResolver } from "../../../src/domain/releases/scope.ts";
import { GATEWAY_CRD, WASM_CRD } from "../manifests.ts";

test("apiGroup", () => {
  expect(apiGroup("v1")).toBe("");
  expect(apiGroup("apps/v1")).toBe("apps");
  expect(apiGroup("networking.istio.io/v1beta1")).toBe("networking.istio.io");
});

test("built-in kinds, CRD-declared custom kinds, and CRDs overriding a built-in name", () => {
  const shadow = WASM_CRD.replaceAll("MeshConfig", "Node")
    .replace("meshconfigs", "nodes")
    .replace("scope: Cluster", "scope: Namespaced");
  const crds = [
    ...parseManifestDocuments(`${GATEWAY_CRD}---\n${WASM_CRD}`, "crds"),
    ...parseManifestDocuments(shadow, "x"),
  ];
  const scopeOf = scopeResolver(crds);
  const scope = (apiVersion: string, kind: string) => scopeOf({ apiVersion, kind });
  expect(scope("v1", "Namespace")).toBe("Cluster");
  expect(scope("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy")).toBe("Cluster");
  expect(scope("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")).toBe("Cluster");
  expect(scope("v1", "ConfigMap")).toBe("Namespaced");
  expect(scope("networking.istio.io/v1", "Gateway")).toBe("Namespaced");
  expect(scope("example.io/v1", "MeshConfig")).toBe("Cluster");
  expect(scope("other.io/v1", "MeshConfig")).toBe("Namespaced");
  expect(scope("example.io/v1", "Node")).toBe("Namespaced");
  expect(scope("v1", "Node")).toBe("Cluster");
});
