import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { K8sObject } from "../../src/domain/manifests/types.ts";
import type { ClusterTarget } from "../../src/k8s/client.ts";
import { createEngine, type Engine } from "../../src/k8s/engine.ts";
import { installRelease } from "../../src/k8s/install-steps.ts";
import type { InventoryEntry } from "../../src/k8s/inventory.ts";
import { MANAGED_LABEL } from "../../src/k8s/marker.ts";
import { FIXTURE_KUBERNETES_RANGE, fixtureRelease, releaseV1, releaseV2 } from "../support/fixtures/index.ts";
import { type Fleet, type Kubelet, startFleet, startKubelet } from "../support/fleet/index.ts";

// Real control planes: three kube-apiservers over one etcd, a kubelet stand-in per cluster.
let fleet: Fleet;
let kubelets: Kubelet[] = [];
let engine: Engine;
let targets: ClusterTarget[];
const inventories = new Map<string, InventoryEntry[]>();

beforeAll(async () => {
  fleet = await startFleet({ clusters: 3 });
  kubelets = await Promise.all(fleet.clusters.map((c) => startKubelet(c.vetted, { name: c.name })));
  engine = createEngine({ allowLoopback: true });
  targets = fleet.clusters.map((c) => ({ id: c.name, credentialsVersion: 1, kubeconfig: c.vetted }));
});

afterAll(async () => {
  await engine?.close();
  await Promise.all(kubelets.map((k) => k.stop()));
  await fleet?.stop();
});

const install = (target: ClusterTarget, objects: readonly K8sObject[], previous?: InventoryEntry[]) =>
  installRelease(engine, {
    target,
    objects,
    kubernetesRange: FIXTURE_KUBERNETES_RANGE,
    crdTimeoutMs: 30_000,
    workloadTimeoutMs: 30_000,
    ...(previous ? { previous } : {}),
  });

async function liveManaged(target: ClusterTarget, path: string): Promise<string[]> {
  const client = await engine.client(target);
  const res = await client.request<{ items: { metadata: { name: string } }[] }>({
    method: "GET",
    path,
    query: { labelSelector: `${MANAGED_LABEL}=true` },
  });
  return res.body.items.map((i) => i.metadata.name).sort();
}

describe("fixture release on three real control planes", () => {
  test("installs v1 into every cluster and returns the exact inventory", async () => {
    const results = await Promise.all(targets.map((t) => install(t, releaseV1)));
    for (const [i, result] of results.entries()) {
      inventories.set(targets[i]!.id, result.inventory);
      expect(result.changed).toBe(true);
      expect(result.inventory).toHaveLength(releaseV1.length);
      for (const entry of result.inventory) expect(entry.uid).toMatch(/^[0-9a-f-]{36}$/);
      const deployment = result.inventory.find((e) => e.kind === "Deployment");
      expect(deployment).toMatchObject({
        group: "apps",
        version: "v1",
        resource: "deployments",
        generation: 1,
      });
      expect(result.inventory.find((e) => e.kind === "Namespace")?.createdNamespace).toBe(true);
      expect(result.outcomes.map((o) => o.step)).toEqual([
        "preflight",
        "namespace",
        "crds",
        "crd-wait",
        "profile",
        "workload-wait",
        "verify",
      ]);
      expect(result.outcomes.at(-1)?.drift?.drifted).toBe(false);
    }
    const deployments = await liveManaged(targets[0]!, "/apis/apps/v1/namespaces/istio-system/deployments");
    expect(deployments).toEqual(["istiod"]);
  });

  test("re-applying the same release changes nothing", async () => {
    const target = targets[0]!;
    const previous = inventories.get(target.id)!;
    const again = await install(target, releaseV1, previous);
    expect(again.changed).toBe(false);
    const changes = again.outcomes.flatMap((o) => (o.changed === undefined ? [] : [o.changed]));
    expect(changes).toEqual([false, false, false]);
    for (const entry of again.inventory) {
      const before = previous.find((p) => p.uid === entry.uid);
      expect(before?.generation).toBe(entry.generation);
      expect(before?.contentHash).toBe(entry.contentHash);
    }
  });

  test("uninstall keeps CRDs by default and never deletes a namespace meshfleet did not create", async () => {
    const target = targets[0]!;
    const client = await engine.client(target);
    await client.request({
      method: "POST",
      path: "/api/v1/namespaces",
      body: { metadata: { name: "shared" } },
    });
    const installed = await install(target, fixtureRelease(1, { namespace: "shared" }));
    expect(installed.inventory.find((e) => e.kind === "Namespace")?.createdNamespace).toBeUndefined();
    const report = await engine.uninstall(target, { inventory: installed.inventory, timeoutMs: 60_000 });
    expect(report.kept.map((k) => k.object).sort()).toEqual([
      "customresourcedefinition destinationrules.networking.istio.io",
      "customresourcedefinition peerauthentications.security.istio.io",
      "customresourcedefinition virtualservices.networking.istio.io",
      "namespace shared",
    ]);
    expect(await liveManaged(target, "/apis/apps/v1/namespaces/shared/deployments")).toEqual([]);
    const ns = await client.request({ method: "GET", path: "/api/v1/namespaces/shared" });
    expect(ns.status).toBe(200);
  });

  test("upgrading to v2 prunes the object v2 no longer has", async () => {
    const target = targets[1]!;
    const result = await install(target, releaseV2, inventories.get(target.id));
    expect(result.changed).toBe(true);
    const verify = result.outcomes.at(-1)!;
    expect(verify.pruned?.deleted).toEqual(
      expect.arrayContaining([
        "configmap istio-system/istio-sidecar-injector",
        "job istio-system/istio-init-crd-10-1.4.3",
      ]),
    );
    expect(await liveManaged(target, "/api/v1/namespaces/istio-system/configmaps")).toEqual(["istio"]);
    inventories.set(target.id, result.inventory);
  });

  test("drift is reported after an object is deleted and another edited behind meshfleet's back", async () => {
    const target = targets[2]!;
    const inventory = inventories.get(target.id)!;
    const clean = await engine.observe(target, { objects: releaseV1, inventory });
    expect(clean).toMatchObject({ drifted: false, dryRuns: expect.any(Number) });

    const client = await engine.client(target);
    await client.request({ method: "DELETE", path: "/api/v1/namespaces/istio-system/configmaps/istio" });
    await client.request({
      method: "PATCH",
      path: "/apis/apps/v1/namespaces/istio-system/deployments/istiod",
      query: { fieldManager: "kubectl-edit" },
      contentType: "application/strategic-merge-patch+json",
      body: {
        spec: {
          replicas: 2,
          template: { spec: { containers: [{ name: "discovery", image: "evil/pilot:1" }] } },
        },
      },
    });
    const report = await engine.observe(target, { objects: releaseV1, inventory });
    expect(report.drifted).toBe(true);
    expect(report.items).toContainEqual({ object: "configmap istio-system/istio", kind: "missing" });
    const deployment = report.items.find((i) => i.object === "deployment istio-system/istiod");
    expect(deployment?.fields).toEqual(
      expect.arrayContaining([
        { path: "spec.replicas", desired: 1, live: 2 },
        {
          path: "spec.template.spec.containers[0].image",
          desired: "docker.io/istio/pilot:1.4.3",
          live: "evil/pilot:1",
        },
      ]),
    );
    expect(report.items).toHaveLength(2);
  });

  test("uninstall removes everything meshfleet applied, CRDs included when asked", async () => {
    const target = targets[2]!;
    const report = await engine.uninstall(target, {
      inventory: inventories.get(target.id)!,
      includeCrds: true,
      timeoutMs: 60_000,
    });
    expect(report.kept).toEqual([]);
    expect(report.deleted).toContain("namespace istio-system");
    expect(await liveManaged(target, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).toEqual([]);
    expect(await liveManaged(target, "/apis/rbac.authorization.k8s.io/v1/clusterroles")).toEqual([]);
    const client = await engine.client(target);
    const ns = await client.request({
      method: "GET",
      path: "/api/v1/namespaces/istio-system",
      allowStatus: [404],
    });
    expect(ns.status).toBe(404);
  });
});
