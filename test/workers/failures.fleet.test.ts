import { describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";
import { useOneClusterFleet } from "../support/one-cluster.ts";
import { meshScenario } from "../support/scenario.ts";
import { startTestWorkers, waitFor } from "../support/workers.ts";

const env = useOneClusterFleet();

describe("install failures", () => {
  test("a restricted token fails fast and permanently, naming the missing permissions", async ({ api }) => {
    env.workers ??= await startTestWorkers(api);
    const mesh = await meshScenario(api);
    const id = await mesh.register("restricted", env.fleet.clusters[0]!.restrictedKubeconfig);
    await mesh.desire(id);
    const failed = await mesh.waitPhase(id, ["Failed", "Ready"]);
    expect(failed.observed.phase).toBe("Failed");
    const run = await mesh.get(`/v1/runs/${failed.observed.lastRunId}`);
    expect(run.status).toBe("failed");
    expect(run.error.reason).toBe("Forbidden");
    const preflight = run.steps.find((s: { name: string }) => s.name === "preflight");
    expect(preflight).toMatchObject({ status: "failed", attempts: 1 });
    expect(preflight.error.message).toMatch(/create/);
    expect(run.steps.filter((s: { status: string }) => s.status === "pending")).toHaveLength(6);
  });

  test("a pod kept unready times out the workload wait with a named reason; retry after the fix succeeds", async ({
    api,
  }) => {
    env.workers ??= await startTestWorkers(api);
    const mesh = await meshScenario(api, { namespace: "unready-ns", waitTimeoutSeconds: 10 });
    env.kubelet.keepUnready({ namespace: "unready-ns", labels: { app: "istiod" } });
    const id = await mesh.register("unready", env.fleet.clusters[0]!.kubeconfig);
    await mesh.desire(id);
    const failed = await mesh.waitPhase(id, ["Failed", "Ready"]);
    expect(failed.observed.phase).toBe("Failed");
    const run = await mesh.get(`/v1/runs/${failed.observed.lastRunId}`);
    expect(run.error.reason).toBe("WaitTimeout");
    expect(run.error.message).toMatch(/deployment unready-ns\/istiod/);
    expect(run.steps.find((s: { name: string }) => s.name === "workload-wait").status).toBe("failed");

    env.kubelet.clear();
    const retried = await api.call("POST", `/v1/runs/${run.id}/retry`, { key: mesh.key });
    expect(retried.status).toBe(202);
    const ready = await mesh.waitPhase(id, ["Ready"]);
    const after = await mesh.get(`/v1/runs/${ready.observed.lastRunId}`);
    expect(after.id).toBe(run.id);
    expect(after.status).toBe("succeeded");
    expect(after.retries).toBe(1);
    const completed = await mesh.get(`/v1/events?cluster=${id}&type=run.step.completed`);
    const steps = completed.items.map((e: { data: { step: string } }) => e.data.step);
    expect(steps).toEqual([
      "preflight",
      "namespace",
      "crds",
      "crd-wait",
      "profile",
      "workload-wait",
      "verify",
    ]);
  });

  test("an unreachable cluster is a transient failure: retried with backoff until it answers", async ({
    api,
  }) => {
    env.workers ??= await startTestWorkers(api);
    const mesh = await meshScenario(api, { namespace: "unreachable-ns" });
    const id = await mesh.register("unreachable", env.fleet.clusters[0]!.kubeconfig);
    await env.fleet.clusters[0]!.stopApiserver();
    try {
      await mesh.desire(id);
      const retrying = await waitFor(
        () => mesh.get(`/v1/clusters/${id}/runs`),
        (page) => page.items[0]?.steps[0]?.error?.reason === "Unreachable",
        { what: "preflight failing with Unreachable" },
      );
      expect(retrying.items[0].status).toBe("running");
      expect(retrying.items[0].steps[0].status).toBe("pending");
    } finally {
      await env.fleet.clusters[0]!.startApiserver();
    }
    const ready = await mesh.waitPhase(id, ["Ready", "Failed"]);
    expect(ready.observed.phase).toBe("Ready");
    const run = await mesh.get(`/v1/runs/${ready.observed.lastRunId}`);
    expect(run.steps[0].attempts).toBeGreaterThanOrEqual(2);
    expect(run.steps[0].error).toBeNull();
  });
});
