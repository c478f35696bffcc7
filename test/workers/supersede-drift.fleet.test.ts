import { describe, expect } from "vitest";
import { K8sClient } from "../../src/k8s/client.ts";
import { apiTest as test } from "../support/api.ts";
import { useOneClusterFleet } from "../support/one-cluster.ts";
import { meshScenario } from "../support/scenario.ts";
import { startTestWorkers, testWorkerSettings, waitFor } from "../support/workers.ts";

const env = useOneClusterFleet();

async function adminClient() {
  return K8sClient.create(
    { id: "test-admin", credentialsVersion: 0, kubeconfig: env.fleet.clusters[0]!.vetted },
    { allowLoopback: true },
  );
}

describe("supersede and drift", () => {
  test("a newer desired version supersedes the running run; the newer one is installed", async ({ api }) => {
    env.workers ??= await startTestWorkers(api, testWorkerSettings({ driftIntervalSeconds: 1 }));
    const mesh = await meshScenario(api, { namespace: "supersede-ns", waitTimeoutSeconds: 30 });
    env.kubelet.keepUnready({ namespace: "supersede-ns", labels: { app: "istiod" } });
    const id = await mesh.register("supersede", env.fleet.clusters[0]!.kubeconfig);
    await mesh.desire(id, 1);
    const firstRun = await waitFor(
      () => mesh.get(`/v1/clusters/${id}/runs`),
      (page) =>
        page.items[0]?.steps.some(
          (s: { name: string; status: string }) => s.name === "workload-wait" && s.status === "running",
        ),
      { what: "v1 waiting for workloads" },
    );
    await mesh.desire(id, 2);
    env.kubelet.clear();
    const ready = await mesh.waitPhase(id, ["Ready"]);
    expect(ready.observed).toMatchObject({ version: 2, release: "1.4.4" });
    const runs = await mesh.get(`/v1/clusters/${id}/runs`);
    const byGeneration = Object.fromEntries(
      runs.items.map((r: { generation: number; status: string }) => [r.generation, r.status]),
    );
    expect(byGeneration).toEqual({ 1: "superseded", 2: "succeeded" });
    expect(firstRun.items[0].generation).toBe(1);
    const client = await adminClient();
    const deploy = await client.request<{
      spec: { template: { spec: { containers: { image: string }[] } } };
    }>({
      method: "GET",
      path: "/apis/apps/v1/namespaces/supersede-ns/deployments/istiod",
    });
    expect(deploy.body.spec.template.spec.containers[0]!.image).toContain("1.4.4");
    const superseded = await mesh.get(`/v1/events?cluster=${id}&type=run.superseded`);
    expect(superseded.items).toHaveLength(1);
    await client.close();
  });

  test("an object deleted behind meshfleet's back is reported once and healed under 'heal'", async ({
    api,
  }) => {
    env.workers ??= await startTestWorkers(api, testWorkerSettings({ driftIntervalSeconds: 1 }));
    const mesh = await meshScenario(api, { namespace: "drift-ns", driftPolicy: "heal" });
    const id = await mesh.register("drift", env.fleet.clusters[0]!.kubeconfig);
    await mesh.desire(id, 1);
    await mesh.waitPhase(id, ["Ready"]);
    const client = await adminClient();
    await client.request({ method: "DELETE", path: "/api/v1/namespaces/drift-ns/configmaps/istio" });

    const drifted = await waitFor(
      () => mesh.get(`/v1/events?cluster=${id}&type=cluster.drifted`),
      (page) => page.items.length > 0,
      { what: "cluster.drifted event" },
    );
    expect(JSON.stringify(drifted.items[0].data.items)).toContain("configmap drift-ns/istio");
    await waitFor(
      () =>
        client.request({
          method: "GET",
          path: "/api/v1/namespaces/drift-ns/configmaps/istio",
          allowStatus: [404],
        }),
      (res) => res.status === 200,
      { what: "the ConfigMap healed back" },
    );
    await mesh.waitPhase(id, ["Ready"]);
    const after = await mesh.get(`/v1/events?cluster=${id}&type=cluster.drifted`);
    expect(after.items).toHaveLength(1);
    await client.close();
  });
});
