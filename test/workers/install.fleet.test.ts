import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { K8sClient } from "../../src/k8s/client.ts";
import { redisConnection, type Workers } from "../../workers/runtime.ts";
import { apiTest as test } from "../support/api.ts";
import { releaseV1 } from "../support/fixtures/index.ts";
import { type Fleet, type Kubelet, startFleet, startKubelet } from "../support/fleet/index.ts";
import { meshScenario } from "../support/scenario.ts";
import { releaseFromObjects, startTestWorkers, testWorkerSettings, waitFor } from "../support/workers.ts";

let fleet: Fleet;
let kubelets: Kubelet[] = [];
let workers: Workers | undefined;
const settings = testWorkerSettings();

beforeAll(async () => {
  fleet = await startFleet({ clusters: 2 });
  kubelets = await Promise.all(fleet.clusters.map((c) => startKubelet(c.vetted, { intervalMs: 300 })));
});

afterAll(async () => {
  await workers?.close();
  await Promise.all(kubelets.map((k) => k.stop()));
  await fleet?.stop();
});

describe("install runs end to end", () => {
  test("API → outbox → worker → cluster Ready, with the step timeline", async ({ api }) => {
    workers ??= await startTestWorkers(api, settings);
    const { secret: key } = await api.key("write");
    const cluster = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "e2e", labels: { env: "test" }, kubeconfig: fleet.clusters[0]!.kubeconfig },
    });
    expect(cluster.status, JSON.stringify(cluster.body)).toBe(201);
    const release = await api.call("POST", "/v1/releases", {
      key,
      body: releaseFromObjects("1.4.3", releaseV1),
    });
    expect(release.status, JSON.stringify(release.body)).toBe(201);
    const profile = await api.call("POST", "/v1/profiles", {
      key,
      body: { name: "mesh", release: "1.4.3", profile: "default", waitTimeoutSeconds: 60 },
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    const put = await api.call("PUT", `/v1/clusters/${cluster.body.id}/mesh`, {
      key,
      body: { profile: "mesh" },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(202);

    const ready = await waitFor(
      async () => (await api.call("GET", `/v1/clusters/${cluster.body.id}`, { key })).body,
      (c) => c.observed.phase === "Ready" || c.observed.phase === "Failed",
      { what: "cluster Ready", timeoutMs: 90_000 },
    );
    expect(ready.observed).toMatchObject({ phase: "Ready", profile: "mesh", version: 1, release: "1.4.3" });

    const run = await api.call("GET", `/v1/runs/${ready.observed.lastRunId}`, { key });
    expect(run.body.status).toBe("succeeded");
    expect(run.body.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      "preflight:succeeded",
      "namespace:succeeded",
      "crds:succeeded",
      "crd-wait:succeeded",
      "profile:succeeded",
      "workload-wait:succeeded",
      "verify:succeeded",
    ]);
    expect(run.body.inventory.length).toBeGreaterThan(5);
    const runs = await api.call("GET", `/v1/clusters/${cluster.body.id}/runs`, { key });
    expect(runs.body.items).toHaveLength(1);

    const events = await api.call("GET", `/v1/events?cluster=${cluster.body.id}`, { key });
    const types = events.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === "run.step.completed")).toHaveLength(7);
    expect(types).toContain("run.started");
    expect(types.at(-1)).toBe("run.succeeded");
  });

  test("DELETE /mesh uninstalls through its own run; CRDs stay unless asked", async ({ api }) => {
    workers ??= await startTestWorkers(api, settings);
    const mesh = await meshScenario(api, { namespace: "uninstall-ns" });
    const id = await mesh.register("uninstall", fleet.clusters[1]!.kubeconfig);
    await mesh.desire(id);
    await mesh.waitPhase(id, ["Ready"]);
    const del = await api.call("DELETE", `/v1/clusters/${id}/mesh`, { key: mesh.key });
    expect(del.status).toBe(202);
    const gone = await mesh.waitPhase(id, ["Uninstalled", "Failed"]);
    expect(gone.observed.phase).toBe("Uninstalled");
    const run = await mesh.get(`/v1/runs/${gone.observed.lastRunId}`);
    expect(run.kind).toBe("uninstall");
    expect(run.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      "preflight:succeeded",
      "uninstall:succeeded",
      "verify:succeeded",
    ]);
    const client = await K8sClient.create(
      { id: "uninstall-check", credentialsVersion: 0, kubeconfig: fleet.clusters[1]!.vetted },
      { allowLoopback: true },
    );
    const ns = await client.request({
      method: "GET",
      path: "/api/v1/namespaces/uninstall-ns",
      allowStatus: [404],
    });
    const nsGone =
      ns.status === 404 || (ns.body as { status?: { phase?: string } }).status?.phase === "Terminating";
    expect(nsGone).toBe(true);
    const crds = await client.request<{ items: { metadata: { name: string } }[] }>({
      method: "GET",
      path: "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
    });
    expect(crds.body.items.some((c) => c.metadata.name.endsWith("istio.io"))).toBe(true);
    await client.close();
    const events = await mesh.get(`/v1/events?cluster=${id}&type=cluster.uninstalled`);
    expect(events.items).toHaveLength(1);
  });

  test("two jobs for one cluster in one process never run it at once", async ({ api }) => {
    workers ??= await startTestWorkers(api, settings);
    const mesh = await meshScenario(api, { namespace: "dup-ns" });
    const id = await mesh.register("duplicates", fleet.clusters[1]!.kubeconfig);
    await mesh.desire(id);
    // What a resync adds while the relayed job is still queued or running.
    const queue = new Queue("installs", {
      connection: redisConnection(settings.redisUrl, "producer"),
      prefix: settings.queuePrefix,
    });
    for (const n of [1, 2, 3]) {
      await queue.add("install", { clusterId: id, generation: 1 }, { jobId: `dup-${id}-${n}`, attempts: 3 });
    }
    await queue.close();
    await mesh.waitPhase(id, ["Ready"]);
    const run = (await mesh.get(`/v1/clusters/${id}/runs`)).items[0];
    expect(run.steps.map((s: { attempts: number }) => s.attempts)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    const started = await mesh.get(`/v1/events?cluster=${id}&type=run.started`);
    expect(started.items).toHaveLength(1);
  });
});
