import { describe, expect, test } from "vitest";
import type { Overlay } from "../../../src/domain/profiles/overlays.ts";
import { validateOverlays } from "../../../src/domain/profiles/overlays.ts";
import { issuesOf } from "../issues.ts";
import { demoRelease } from "./fixtures.ts";

const { crds, objects } = demoRelease();
const all = [...crds, ...objects];
const validate =
  (overlays: Overlay[], namespace = "istio-system") =>
  () =>
    validateOverlays(overlays, all, namespace);

describe("validateOverlays accepts", () => {
  test("targets by kind and name, with or without the (rewritten) namespace, and the added Namespace", () => {
    const overlays: Overlay[] = [
      { target: { kind: "Deployment", name: "istiod" }, patch: { spec: { replicas: 2 } } },
      { target: { kind: "Deployment", name: "istiod", namespace: "mesh" }, patch: {} },
      {
        target: { kind: "Namespace", name: "mesh" },
        patch: { metadata: { labels: { "topology.istio.io/network": "{{cluster.labels.network}}" } } },
      },
      {
        target: { kind: "CustomResourceDefinition", name: "gateways.networking.istio.io" },
        patch: { metadata: { annotations: { a: "b" } } },
      },
      {
        target: { kind: "ClusterRole", name: "istiod-clusterrole-istio-system" },
        patch: { metadata: { labels: { c: "{{ cluster.name }}" } } },
      },
    ];
    expect(validate(overlays, "mesh")).not.toThrow();
  });
});

describe("validateOverlays rejects", () => {
  test("a target that matches nothing, with a hint", () => {
    const issues = issuesOf(
      validate(
        [{ target: { kind: "Deployment", name: "istiod", namespace: "istio-system" }, patch: {} }],
        "mesh",
      ),
    );
    expect(issues).toEqual([
      {
        field: "overlays[0].target",
        message:
          "matches no object: no Deployment named istiod in namespace istio-system (Deployment objects: mesh/istiod)",
      },
    ]);
    const [missingKind] = issuesOf(validate([{ target: { kind: "DaemonSet", name: "x" }, patch: {} }]));
    expect(missingKind?.message).toBe(
      "matches no object: no DaemonSet named x (the profile has no DaemonSet)",
    );
  });

  test("cluster-scoped objects have no namespace to match", () => {
    const target = { kind: "MeshConfig", name: "global", namespace: "istio-system" };
    expect(issuesOf(validate([{ target, patch: {} }])).map((i) => i.field)).toEqual(["overlays[0].target"]);
  });

  test("unknown placeholders, naming the patch path", () => {
    const overlays: Overlay[] = [
      { target: { kind: "Deployment", name: "istiod" }, patch: {} },
      {
        target: { kind: "ConfigMap", name: "istio-sidecar-injector" },
        patch: {
          data: { config: "{{ .Values.global.hub }}" },
          metadata: { labels: { "istio.io/x": "{{cluster.zone}}" } },
        },
      },
    ];
    expect(issuesOf(validate(overlays)).map((i) => i.field)).toEqual([
      "overlays[1].patch.data.config",
      'overlays[1].patch.metadata.labels["istio.io/x"]',
    ]);
  });

  test("patches that change identity, including by replacing metadata", () => {
    const target = { kind: "Service", name: "istiod" };
    const overlays: Overlay[] = [
      { target, patch: { kind: "Pod", apiVersion: "v2", metadata: { name: "x", namespace: "y" } } },
      { target, patch: { metadata: null } },
      { target, patch: { metadata: "flat" } },
      { target, patch: { metadata: { labels: null, annotations: { a: "b" } } } },
    ];
    expect(issuesOf(validate(overlays)).map((i) => i.field)).toEqual([
      "overlays[0].patch.apiVersion",
      "overlays[0].patch.kind",
      "overlays[0].patch.metadata.name",
      "overlays[0].patch.metadata.namespace",
      "overlays[1].patch.metadata",
      "overlays[2].patch.metadata",
    ]);
  });

  test("malformed overlays and namespaces", () => {
    const bad = [{ target: { kind: "Service" }, patch: [] }, { patch: {} }] as unknown as Overlay[];
    expect(issuesOf(validate(bad)).map((i) => i.field)).toEqual([
      "overlays[0].target",
      "overlays[0].patch",
      "overlays[1].target",
    ]);
    expect(issuesOf(validate([], "Istio_System"))).toEqual([
      { field: "namespace", message: "must be a DNS-1123 label, e.g. istio-system" },
    ]);
  });

  test("every problem of every overlay at once", () => {
    const overlays: Overlay[] = [
      { target: { kind: "Deployment", name: "nope" }, patch: { a: "{{x}}" } },
      { target: { kind: "Service", name: "nope" }, patch: { b: "{{y}}" } },
    ];
    expect(issuesOf(validate(overlays)).map((i) => i.field)).toEqual([
      "overlays[0].target",
      "overlays[0].patch.a",
      "overlays[1].target",
      "overlays[1].patch.b",
    ]);
  });
});
