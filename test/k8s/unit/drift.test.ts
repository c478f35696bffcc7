import { describe, expect, test } from "vitest";
import { canonicalJson } from "../../../src/domain/releases/digest.ts";
import { capFields, diffProjections, summarizeDrift } from "../../../src/k8s/drift.ts";
import { contentHash, managedContent, project } from "../../../src/k8s/projection.ts";

const desired = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "istiod", namespace: "istio-system", labels: { app: "istiod" } },
  spec: {
    replicas: 1,
    template: { spec: { containers: [{ name: "d", resources: { requests: { memory: "2048Mi" } } }] } },
  },
};

const live = {
  metadata: {
    name: "istiod",
    namespace: "istio-system",
    uid: "u1",
    resourceVersion: "42",
    generation: 3,
    labels: { app: "istiod", extra: "someone-else" },
    annotations: { "deployment.kubernetes.io/revision": "1" },
    managedFields: [{}],
  },
  spec: {
    replicas: 1,
    strategy: { type: "RollingUpdate" },
    template: {
      spec: {
        containers: [{ name: "d", imagePullPolicy: "Always", resources: { requests: { memory: "2Gi" } } }],
      },
    },
  },
  status: { availableReplicas: 1 },
};

describe("projection: the server's values at the paths meshfleet applies", () => {
  test("keeps normalised values, drops defaults, other owners' fields, identity and status", () => {
    expect(managedContent(desired, live)).toEqual({
      metadata: { labels: { app: "istiod" } },
      spec: {
        replicas: 1,
        template: { spec: { containers: [{ name: "d", resources: { requests: { memory: "2Gi" } } }] } },
      },
    });
  });
  test("a path missing live projects to undefined, and a type change keeps the live value", () => {
    expect(project({ a: { b: 1 } }, {})).toEqual({ a: undefined });
    expect(project({ a: { b: 1 } }, { a: "x" })).toEqual({ a: "x" });
  });
  test("the content hash ignores key order, status and server bookkeeping", () => {
    const reordered = {
      status: { availableReplicas: 0 },
      spec: live.spec,
      metadata: { ...live.metadata, resourceVersion: "99" },
    };
    expect(contentHash(desired, reordered)).toBe(contentHash(desired, live));
    const scaled = { ...live, spec: { ...live.spec, replicas: 3 } };
    expect(contentHash(desired, scaled)).not.toBe(contentHash(desired, live));
  });
  test("canonical JSON sorts keys and skips undefined", () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 2 }] })).toBe('{"a":[{"c":2}],"b":1}');
  });
});

describe("drift between two projections", () => {
  test("names each changed leaf with a readable path", () => {
    const want = {
      spec: { replicas: 1, template: { spec: { containers: [{ image: "a:1" }] } } },
      data: { "mesh.yaml": "x" },
    };
    const have = {
      spec: { replicas: 2, template: { spec: { containers: [{ image: "b:2" }] } } },
      data: { "mesh.yaml": "y" },
    };
    expect(diffProjections(want, have)).toEqual([
      { path: "spec.replicas", desired: 1, live: 2 },
      { path: "spec.template.spec.containers[0].image", desired: "a:1", live: "b:2" },
      { path: 'data["mesh.yaml"]', desired: "x", live: "y" },
    ]);
  });
  test("a removed key is reported at its path, a list of another length as a whole", () => {
    expect(diffProjections({ data: { a: "1" } }, { data: {} })).toEqual([
      { path: "data.a", desired: "1", live: undefined },
    ]);
    expect(diffProjections({ l: [1, 2] }, { l: [1] })).toEqual([{ path: "l", desired: [1, 2], live: [1] }]);
  });
  test("equal projections have no drift", () => {
    expect(diffProjections(managedContent(desired, live), managedContent(desired, live))).toEqual([]);
  });
  test("field lists are capped with a note of how many were left out", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ path: `f${i}`, desired: 1, live: 2 }));
    const capped = capFields(many);
    expect(capped).toHaveLength(20);
    expect(capped.at(-1)?.path).toBe("(6 more fields)");
  });
  test("summaries read one line per object", () => {
    expect(
      summarizeDrift([
        { object: "configmap a/b", kind: "missing" },
        {
          object: "deployment a/c",
          kind: "changed",
          fields: [{ path: "spec.replicas", desired: 1, live: 2 }],
        },
      ]),
    ).toEqual(["configmap a/b: missing", "deployment a/c: spec.replicas changed"]);
  });
});
