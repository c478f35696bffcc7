import { describe, expect, test } from "vitest";
import type { InventoryEntry } from "../../src/db/schema/runs.ts";
import type { K8sObject } from "../../src/domain/manifests/types.ts";
import { withManagedLabel } from "../../src/k8s/marker.ts";
import { contentHash } from "../../src/k8s/projection.ts";
import {
  contentHashOf,
  diffInventory,
  objectRefOf,
  type RenderedEntry,
} from "../../src/services/rollouts-diff.ts";
import { fixtureRelease } from "../support/fixtures/index.ts";

function entry(ref: Partial<InventoryEntry> & { kind: string; name: string }): InventoryEntry {
  return {
    group: "",
    version: "v1",
    resource: `${ref.kind.toLowerCase()}s`,
    uid: "u",
    resourceVersion: "1",
    contentHash: "h",
    ...ref,
  };
}

function rendered(ref: Partial<RenderedEntry> & { kind: string; name: string }): RenderedEntry {
  return { group: "", contentHash: "h", ...ref };
}

describe("diffInventory", () => {
  test("created, updated (hash differs), unchanged, deleted", () => {
    const changes = diffInventory(
      [
        rendered({ kind: "ConfigMap", namespace: "mesh", name: "same" }),
        rendered({ kind: "ConfigMap", namespace: "mesh", name: "changed", contentHash: "new" }),
        rendered({ group: "apps", kind: "Deployment", namespace: "mesh", name: "istiod" }),
      ],
      [
        entry({ kind: "ConfigMap", namespace: "mesh", name: "same" }),
        entry({ kind: "ConfigMap", namespace: "mesh", name: "changed", contentHash: "old" }),
        entry({ kind: "ConfigMap", namespace: "mesh", name: "gone" }),
      ],
    );
    expect(changes).toEqual({
      created: [{ group: "apps", kind: "Deployment", namespace: "mesh", name: "istiod" }],
      updated: [{ group: "", kind: "ConfigMap", namespace: "mesh", name: "changed" }],
      deleted: [{ group: "", kind: "ConfigMap", namespace: "mesh", name: "gone" }],
      unchanged: 1,
    });
  });

  test("identity is group/kind/namespace/name: the same name elsewhere is another object", () => {
    const changes = diffInventory(
      [rendered({ kind: "ConfigMap", namespace: "b", name: "x" })],
      [entry({ kind: "ConfigMap", namespace: "a", name: "x" })],
    );
    expect(changes.created).toHaveLength(1);
    expect(changes.deleted).toHaveLength(1);
  });

  test("like the engine's prune: CRDs stay, namespaces only go if meshfleet created them", () => {
    const changes = diffInventory(
      [],
      [
        entry({ group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", name: "x.istio.io" }),
        entry({ kind: "Namespace", name: "theirs" }),
        entry({ kind: "Namespace", name: "ours", createdNamespace: true }),
      ],
    );
    expect(changes.deleted).toEqual([{ group: "", kind: "Namespace", name: "ours" }]);
  });

  test("no inventory: everything is created", () => {
    const changes = diffInventory([rendered({ kind: "Namespace", name: "mesh" })], []);
    expect(changes).toMatchObject({ created: [{ kind: "Namespace", name: "mesh" }], unchanged: 0 });
  });
});

describe("contentHashOf", () => {
  // The API cannot import the engine (Node-only), so it mirrors the engine's hash; this pins
  // the two together for every object of a release, cluster-scoped and namespaced.
  test("equals the engine's hash of the applied body when the server stores what was sent", async () => {
    const objects = fixtureRelease(1, { namespace: "mesh" });
    for (const object of objects) {
      const clusterScoped = !object.metadata.namespace;
      const { namespace: _ns, ...metadata } = object.metadata;
      const body = withManagedLabel({
        ...object,
        metadata: clusterScoped ? metadata : object.metadata,
      }) as K8sObject & Record<string, unknown>;
      expect(await contentHashOf(object), `${object.kind}/${object.metadata.name}`).toBe(
        contentHash(body, body),
      );
    }
  });

  test("changes with content, not with identity", async () => {
    const base: K8sObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", namespace: "x" },
      data: { k: "1" },
    };
    const moved = { ...base, metadata: { name: "b", namespace: "y" } };
    const edited = { ...base, data: { k: "2" } };
    expect(await contentHashOf(moved)).toBe(await contentHashOf(base));
    expect(await contentHashOf(edited)).not.toBe(await contentHashOf(base));
  });

  test("objectRefOf takes the group from apiVersion", () => {
    expect(
      objectRefOf({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "n" } }),
    ).toEqual({
      group: "apps",
      kind: "Deployment",
      namespace: "n",
      name: "d",
    });
    expect(objectRefOf({ apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } })).toEqual({
      group: "",
      kind: "Namespace",
      name: "n",
    });
  });
});
