import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Workers } from "../../workers/runtime.ts";
import { apiTest as test } from "../support/api.ts";
import { startTestWorkers, testWorkerSettings } from "../support/workers.ts";
import {
  liveMesh,
  type RolloutFleet,
  rolloutEventTypes,
  rolloutRuns,
  startRolloutFleet,
  V1_MESH,
} from "./fleet-support.ts";
import { expectStatus, registerClusters, setupTenant, waitForRollout } from "./support.ts";

let local: RolloutFleet;
let workers: Workers | undefined;

beforeAll(async () => {
  local = await startRolloutFleet(6);
});
afterAll(async () => {
  await workers?.close();
  await local?.stop();
});

const NAMES = ["b0", "b1", "b2", "b3", "b4", "b5"];

describe("failure budget", () => {
  test("2 clusters never ready → halt → every changed cluster back on its previous version", {
    timeout: 900_000,
  }, async ({ api }) => {
    const { key } = await setupTenant(api, { namespace: "budget", v2: { waitTimeoutSeconds: 10 } });
    const ids = await registerClusters(
      api,
      key,
      NAMES.map((name, i) => ({ name, kubeconfig: local.clusters[i]!.kubeconfig })),
    );
    workers = await startTestWorkers(api, testWorkerSettings({ rolloutPollMs: 500 }));

    // First every cluster gets version 1, by a rollout too (from nothing: no previous version).
    const first = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: { profile: "mesh", version: 1, selector: "", strategy: { batchSize: "100%", concurrency: 6 } },
      }),
      201,
    );
    const installed = await waitForRollout(
      api,
      key,
      first.body.id,
      (r) => r.finishedAt !== null,
      "version 1 everywhere",
    );
    expect(installed.state).toBe("Completed");

    // From now on no istiod pod of b2 and b3 is ready: their upgrade can never finish.
    const broken = [2, 3].map((i) => local.kubelets[i]!);
    for (const kubelet of broken) kubelet.keepUnready({ namespace: "budget", labels: { app: "istiod" } });
    const upgrade = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: {
          profile: "mesh",
          version: 2,
          selector: "",
          strategy: { canary: { clusters: ["b0"] }, batchSize: 3, maxFailures: { total: 1 }, concurrency: 3 },
        },
      }),
      201,
    );
    const id = upgrade.body.id;
    const stopped = await waitForRollout(
      api,
      key,
      id,
      (r) => ["Halted", "RollingBack", "RolledBack", "Completed"].includes(r.state),
      "the halt",
      800_000,
    );
    expect(stopped.state, JSON.stringify(stopped.counts)).toBe("RollingBack");
    // The clusters' pods recover; the rollback must now bring every changed cluster back.
    for (const kubelet of broken) kubelet.clear();
    const done = await waitForRollout(api, key, id, (r) => r.finishedAt !== null, "the rollback", 800_000);
    expect(done.state, JSON.stringify({ done, runs: await rolloutRuns(api, id) })).toBe("RolledBack");
    const status = Object.fromEntries(
      done.waves.flatMap((w: { clusters: { name: string; status: string }[] }) =>
        w.clusters.map((c) => [c.name, c.status]),
      ),
    );
    expect(status).toEqual({
      b0: "rolledBack",
      b1: "rolledBack",
      b2: "rolledBack",
      b3: "rolledBack",
      b4: "pending",
      b5: "pending",
    });
    expect(done.waves[2].startedAt).toBeNull();

    // The failed installs timed out waiting for their pods; each changed cluster got one
    // install and one rollback run; b4 and b5 were never touched.
    const runs = await rolloutRuns(api, id);
    const summary = runs.map((r) => `${r.cluster}:${r.kind}:v${r.profileVersion}:${r.status}`).sort();
    expect(summary).toEqual([
      "b0:install:v1:succeeded",
      "b0:install:v2:succeeded",
      "b1:install:v1:succeeded",
      "b1:install:v2:succeeded",
      "b2:install:v1:succeeded",
      "b2:install:v2:failed",
      "b3:install:v1:succeeded",
      "b3:install:v2:failed",
    ]);
    expect(runs.filter((r) => r.status === "failed").map((r) => r.errorReason)).toEqual([
      "WaitTimeout",
      "WaitTimeout",
    ]);

    const events = await rolloutEventTypes(api, key, id);
    expect(events.slice(-2)).toEqual(["rollout.halted", "rollout.rolled_back"]);
    expect(events).not.toContain("rollout.wave.started:2");
    const halted = (await api.call("GET", "/v1/events?type=rollout.halted", { key })).body.items.at(-1);
    expect(halted.data).toMatchObject({ reason: "failureBudget", scope: "total", failed: 2, budget: 1 });

    // On the clusters themselves: everything is back on release 1.4.3, the pruned v1
    // ConfigMap is back, and the untouched clusters never left it.
    for (const [i, name] of NAMES.entries()) {
      expect({ name, ...(await liveMesh(local.clusters[i]!.vetted, "budget")) }).toEqual({
        name,
        ...V1_MESH,
      });
    }
    const cluster = (await api.call("GET", `/v1/clusters/${ids.b2}`, { key })).body;
    expect(cluster.desired).toMatchObject({ profile: "mesh", version: 1 });
    expect(cluster.observed).toMatchObject({ phase: "Ready", version: 1 });
    // Settled: the clusters are free for the next rollout.
    await expectStatus(
      api.call("POST", "/v1/rollouts?dryRun=true", { key, body: { profile: "mesh", selector: "" } }),
      200,
    );
  });
});
