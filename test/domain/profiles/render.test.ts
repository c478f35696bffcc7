import { describe, expect, test } from "vitest";
import type { K8sObject } from "../../../src/domain/manifests/types.ts";
import { type RenderInput, renderProfile } from "../../../src/domain/profiles/render.ts";
import { issuesOf } from "../issues.ts";
import { INJECTOR_TEMPLATE } from "../manifests.ts";
import { demoRelease, ref } from "./fixtures.ts";

const cluster = { name: "eu-1", labels: { region: "eu", network: "net-eu" } };
const input = (extra: Partial<RenderInput> = {}): RenderInput => ({
  ...demoRelease(),
  namespace: "istio-system",
  overlays: [],
  cluster,
  ...extra,
});
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe("renderProfile ordering", () => {
  test("apply phases: namespaces, CRDs, then Helm's kind order with custom resources last", () => {
    const { phases, objects } = renderProfile(input());
    expect(phases.map((p) => [p.phase, p.objects.map(ref)])).toEqual([
      ["namespaces", ["Namespace istio-system"]],
      [
        "crds",
        [
          "CustomResourceDefinition gateways.networking.istio.io",
          "CustomResourceDefinition meshconfigs.example.io",
        ],
      ],
      [
        "resources",
        [
          "ServiceAccount istio-system/istiod",
          "ConfigMap istio-system/istio-sidecar-injector",
          "ClusterRole istiod-clusterrole-istio-system",
          "Service istio-system/istiod",
          "Deployment istio-system/istiod",
          "MutatingWebhookConfiguration istio-sidecar-injector",
          "Gateway istio-system/ingress",
          "MeshConfig global",
        ],
      ],
    ]);
    expect(objects).toEqual(phases.flatMap((p) => p.objects));
  });

  test("deterministic: the same input renders the same output", () => {
    expect(JSON.stringify(renderProfile(input({ revision: "1-24-2" })))).toBe(
      JSON.stringify(renderProfile(input({ revision: "1-24-2" }))),
    );
  });
});

describe("renderProfile namespace and revision", () => {
  test("objects move into the profile namespace, which is created first", () => {
    const { phases, objects } = renderProfile(input({ namespace: "mesh" }));
    expect(phases[0]?.objects.map(ref)).toEqual(["Namespace mesh"]);
    expect(
      objects.filter((o) => o.metadata.namespace !== undefined).every((o) => o.metadata.namespace === "mesh"),
    ).toBe(true);
    expect(find(objects, "MeshConfig", "global").metadata.namespace).toBeUndefined();
  });

  test("the revision labels everything but CRDs and Namespaces, keeping existing labels", () => {
    const { objects } = renderProfile(input({ revision: "1-24-2" }));
    const labelled = objects.filter((o) => o.metadata.labels?.["istio.io/rev"] === "1-24-2").map(ref);
    expect(labelled).toHaveLength(objects.length - 3);
    expect(find(objects, "Deployment", "istiod").metadata.labels).toEqual({
      app: "istiod",
      "istio.io/rev": "1-24-2",
    });
    expect(find(objects, "Namespace", "istio-system").metadata.labels).toBeUndefined();
    expect(
      find(objects, "CustomResourceDefinition", "gateways.networking.istio.io").metadata.labels,
    ).toBeUndefined();
  });

  test("no revision, no label", () => {
    expect(
      renderProfile(input()).objects.some((o) => o.metadata.labels?.["istio.io/rev"] !== undefined),
    ).toBe(false);
  });

  test("inputs are not mutated", () => {
    const given = input({
      namespace: "mesh",
      revision: "r1",
      overlays: [{ target: { kind: "Deployment", name: "istiod" }, patch: { spec: { replicas: 3 } } }],
    });
    const snapshot = structuredClone(given);
    renderProfile(given);
    expect(given).toEqual(snapshot);
  });

  test("invalid namespace or revision", () => {
    expect(
      issuesOf(() => renderProfile(input({ namespace: "Mesh", revision: "1.24.2" }))).map((i) => i.field),
    ).toEqual(["namespace", "revision"]);
  });

  test("objects that collide once moved are refused", () => {
    const extra: K8sObject = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "istiod", namespace: "mesh" },
    };
    const { crds, objects } = demoRelease();
    const issues = issuesOf(() =>
      renderProfile(input({ crds, objects: [...objects, extra], namespace: "mesh" })),
    );
    expect(issues).toEqual([
      {
        field: "namespace",
        message: "ServiceAccount mesh/istiod appears twice once istio-system objects move to mesh",
      },
    ]);
  });
});

describe("renderProfile overlays", () => {
  test("merge patches with placeholders expanded for the cluster", () => {
    const { objects } = renderProfile(
      input({
        namespace: "mesh",
        revision: "canary",
        overlays: [
          {
            target: { kind: "Deployment", name: "istiod" },
            patch: {
              metadata: { labels: { app: null, "topology.istio.io/network": "{{cluster.labels.network}}" } },
              spec: {
                replicas: 3,
                template: {
                  spec: {
                    containers: [
                      { name: "discovery", env: [{ name: "CLUSTER_ID", value: "{{cluster.name}}" }] },
                    ],
                  },
                },
              },
            },
          },
          {
            target: { kind: "Namespace", name: "mesh" },
            patch: { metadata: { labels: { "topology.istio.io/network": "{{ cluster.labels.network }}" } } },
          },
        ],
      }),
    );
    const istiod = find(objects, "Deployment", "istiod");
    expect(istiod.metadata.labels).toEqual({
      "istio.io/rev": "canary",
      "topology.istio.io/network": "net-eu",
    });
    expect(istiod.spec).toEqual({
      replicas: 3,
      template: {
        metadata: { labels: { app: "istiod" } },
        spec: { containers: [{ name: "discovery", env: [{ name: "CLUSTER_ID", value: "eu-1" }] }] },
      },
    });
    expect(find(objects, "Namespace", "mesh").metadata.labels).toEqual({
      "topology.istio.io/network": "net-eu",
    });
  });

  test("Istio's {{ .Values }} text in the release stays verbatim when an overlay touches the same object", () => {
    const { objects } = renderProfile(
      input({
        overlays: [
          {
            target: { kind: "ConfigMap", name: "istio-sidecar-injector" },
            patch: { data: { values: "{{cluster.name}}" } },
          },
        ],
      }),
    );
    expect(find(objects, "ConfigMap", "istio-sidecar-injector").data).toEqual({
      config: INJECTOR_TEMPLATE,
      values: "eu-1",
    });
  });

  test("an overlay without a namespace applies to every object of that kind and name", () => {
    const extra: K8sObject = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "istiod", namespace: "kube-system" },
    };
    const { crds, objects } = demoRelease();
    const rendered = renderProfile(
      input({
        crds,
        objects: [...objects, extra],
        overlays: [
          { target: { kind: "Service", name: "istiod" }, patch: { metadata: { annotations: { a: "1" } } } },
        ],
      }),
    );
    expect(rendered.objects.filter((o) => o.metadata.annotations?.a === "1").map(ref)).toEqual([
      "Service istio-system/istiod",
      "Service kube-system/istiod",
    ]);
  });

  test("later overlays apply on top of earlier ones", () => {
    const target = { kind: "Deployment", name: "istiod" };
    const { objects } = renderProfile(
      input({
        overlays: [
          { target, patch: { spec: { replicas: 2 } } },
          { target, patch: { spec: { replicas: 5 } } },
        ],
      }),
    );
    expect((find(objects, "Deployment", "istiod").spec as { replicas: number }).replicas).toBe(5);
  });

  test("a cluster label the overlay needs but the cluster lacks", () => {
    const overlays = [
      {
        target: { kind: "Deployment", name: "istiod" },
        patch: { metadata: { labels: { z: "{{cluster.labels.topology.kubernetes.io/zone}}" } } },
      },
    ];
    expect(issuesOf(() => renderProfile(input({ overlays })))).toEqual([
      {
        field: 'cluster.labels["topology.kubernetes.io/zone"]',
        message:
          "the cluster has no label topology.kubernetes.io/zone, which an overlay uses in {{cluster.labels.topology.kubernetes.io/zone}}",
      },
    ]);
  });

  test("overlay problems found at write time are found again at render time", () => {
    const overlays = [{ target: { kind: "Deployment", name: "nope" }, patch: { a: "{{ .Values.x }}" } }];
    expect(issuesOf(() => renderProfile(input({ overlays }))).map((i) => i.field)).toEqual([
      "overlays[0].target",
      "overlays[0].patch.a",
    ]);
  });

  test("expanded values must still be valid labels", () => {
    const overlays = [
      {
        target: { kind: "Deployment", name: "istiod" },
        patch: { metadata: { labels: { name: "{{cluster.name}}!", n: 5 } } },
      },
    ];
    expect(issuesOf(() => renderProfile(input({ overlays: overlays as never }))).map((i) => i.field)).toEqual(
      ["overlays[0].patch.metadata.labels.name", "overlays[0].patch.metadata.labels.n"],
    );
  });
});
