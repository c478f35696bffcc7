import { describe, expect, test } from "vitest";
import { placeInNamespace } from "../../../src/domain/profiles/namespace.ts";
import { demoRelease, ref } from "./fixtures.ts";

describe("placeInNamespace", () => {
  test("moves namespaced objects from istio-system or none, keeps cluster-scoped ones bare, adds the Namespace", () => {
    const { crds, objects } = demoRelease();
    expect(placeInNamespace([...crds, ...objects], "mesh").map(ref)).toEqual([
      "CustomResourceDefinition gateways.networking.istio.io",
      "CustomResourceDefinition meshconfigs.example.io",
      "ServiceAccount mesh/istiod",
      "ConfigMap mesh/istio-sidecar-injector",
      "Deployment mesh/istiod",
      "Service mesh/istiod",
      "ClusterRole istiod-clusterrole-istio-system",
      "MutatingWebhookConfiguration istio-sidecar-injector",
      "Gateway mesh/ingress",
      "MeshConfig global",
      "Namespace mesh",
    ]);
  });

  test("other namespaces stay, stray namespaces on cluster-scoped objects go, inputs are untouched", () => {
    const input = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "kube-system" } },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "r", namespace: "istio-system" },
      },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } },
    ];
    const snapshot = structuredClone(input);
    expect(placeInNamespace(input, "istio-system").map(ref)).toEqual([
      "ConfigMap kube-system/a",
      "ClusterRole r",
      "Namespace kube-system",
      "Namespace istio-system",
    ]);
    expect(input).toEqual(snapshot);
  });

  test("the release's istio-system Namespace becomes the profile's, unless that one exists too", () => {
    const ns = (name: string) => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name, labels: { a: "b" } },
    });
    expect(placeInNamespace([ns("istio-system")], "mesh")).toEqual([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "mesh", labels: { a: "b" } } },
    ]);
    expect(placeInNamespace([ns("istio-system"), ns("mesh")], "mesh").map(ref)).toEqual([
      "Namespace istio-system",
      "Namespace mesh",
    ]);
    expect(placeInNamespace([ns("istio-system")], "istio-system").map(ref)).toEqual([
      "Namespace istio-system",
    ]);
  });
});
