import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Workers } from "../../workers/runtime.ts";
import { apiTest as test } from "../support/api.ts";
import { startTestWorkers, testWorkerSettings } from "../support/workers.ts";
import {
  liveMesh,
  type RolloutFleet,
  type RolloutRun,
  rolloutEventTypes,
  rolloutRuns,
  startRolloutFleet,
  V2_MESH,
} from "./fleet-support.ts";
import { expectStatus, registerClusters, setupTenant, waitForRollout, waveNames } from "./support.ts";

let local: RolloutFleet;
let workers: Workers | undefined;

beforeAll(async () => {
  local = await startRolloutFleet(12);
});
afterAll(async () => {
  await workers?.close();
  await local?.stop();
});

const NAMES = Array.from({ length: 12 }, (_, i) => `w${String(i).padStart(2, "0")}`);
const SOAK_SECONDS = 3;

describe("waves over 12 clusters", () => {
  test("a canary, an approval gate, soaks and batches run in order, at most 2 at a time", {
    timeout: 900_000,
  }, async ({ api }) => {
    const { key } = await setupTenant(api, { namespace: "waves" });
    await registerClusters(
      api,
      key,
      NAMES.map((name, i) => ({
        name,
        labels: { fleet: "waves" },
        kubeconfig: local.clusters[i]!.kubeconfig,
      })),
    );
    workers = await startTestWorkers(api, testWorkerSettings({ rolloutPollMs: 500 }));
    const created = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: {
          profile: "mesh",
          selector: "fleet=waves",
          strategy: {
            canary: { clusters: ["w00"] },
            batchSize: 4,
            approval: "afterCanary",
            soakSeconds: SOAK_SECONDS,
            concurrency: 2,
          },
        },
      }),
      201,
    );
    const id = created.body.id;
    expect(waveNames(created.body)).toEqual([["w00"], NAMES.slice(1, 5), NAMES.slice(5, 9), NAMES.slice(9)]);
    expect(created.body.waves.map((w: { gated: boolean }) => w.gated)).toEqual([false, true, false, false]);

    // The canary alone, then the gate: nothing else has started.
    const gate = await waitForRollout(
      api,
      key,
      id,
      (r) => r.state === "WaitingApproval",
      "the approval gate",
    );
    expect(gate.waves.map((w: { status: string }) => w.status)).toEqual([
      "completed",
      "waitingApproval",
      "pending",
      "pending",
    ]);
    expect((await rolloutRuns(api, id)).map((r) => `${r.cluster}:${r.status}`)).toEqual(["w00:succeeded"]);
    expect(await liveMesh(local.clusters[0]!.vetted, "waves")).toEqual(V2_MESH);
    expect(await liveMesh(local.clusters[1]!.vetted, "waves")).toEqual({
      image: null,
      sidecarInjector: false,
    });
    expect(gate.etaSeconds).toBeGreaterThan(0);

    await expectStatus(api.call("POST", `/v1/rollouts/${id}/approve`, { key, body: { waveIndex: 1 } }), 202);
    const done = await waitForRollout(
      api,
      key,
      id,
      (r) => ["Completed", "Halted", "RolledBack"].includes(r.state),
      "completion",
      800_000,
    );
    expect(done.state).toBe("Completed");
    expect(done.counts).toMatchObject({ total: 12, succeeded: 12, failed: 0 });

    // One install run per cluster, each in its own wave's time window.
    const runs = await rolloutRuns(api, id);
    expect(runs.map((r) => r.cluster).sort()).toEqual(NAMES);
    expect(
      runs.every((r) => r.kind === "install" && r.status === "succeeded" && r.profileVersion === 2),
    ).toBe(true);
    const byCluster = new Map(runs.map((r) => [r.cluster, r]));
    const waveRuns = done.waves.map((w: { clusters: { name: string }[] }) =>
      w.clusters.map((c) => byCluster.get(c.name)!),
    );
    for (let w = 1; w < waveRuns.length; w++) {
      const previous = done.waves[w - 1];
      const earliest = Math.min(...waveRuns[w].map((r: RolloutRun) => r.startedAt!));
      const lastBefore = Math.max(...waveRuns[w - 1].map((r: RolloutRun) => r.finishedAt!));
      expect(earliest).toBeGreaterThan(lastBefore);
      expect(earliest).toBeGreaterThanOrEqual(Date.parse(previous.completedAt) + SOAK_SECONDS * 1000);
    }
    expect(Date.parse(done.waves[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(done.waves[1].approvedAt));
    expect(maxOverlap(runs)).toBeLessThanOrEqual(2);
    // Within a wave, runs were created in plan order (the first two in the same tick).
    for (const wave of waveRuns) {
      for (let i = 1; i < wave.length; i++)
        expect(wave[i].createdAt).toBeGreaterThanOrEqual(wave[i - 1].createdAt);
    }
    for (const cluster of done.waves.flatMap((w: { clusters: unknown[] }) => w.clusters)) {
      expect(cluster.run.href).toBe(`/v1/runs/${byCluster.get(cluster.name)!.id}`);
    }

    // Verified on every cluster, not in meshfleet's database.
    for (const [i] of NAMES.entries()) {
      expect(await liveMesh(local.clusters[i]!.vetted, "waves")).toEqual(V2_MESH);
    }
    expect(await rolloutEventTypes(api, key, id)).toEqual([
      "rollout.planned",
      "rollout.started",
      "rollout.wave.started:0",
      "rollout.wave.completed:0",
      "rollout.waiting_approval:1",
      "rollout.wave.started:1",
      "rollout.wave.completed:1",
      "rollout.wave.started:2",
      "rollout.wave.completed:2",
      "rollout.wave.started:3",
      "rollout.wave.completed:3",
      "rollout.completed",
    ]);

    // Dry runs against the inventories just applied: the installed version changes nothing,
    // the previous one changes exactly the objects release 1.4.3 differs in.
    const same = await expectStatus(
      api.call("POST", "/v1/rollouts?dryRun=true", {
        key,
        body: { profile: "mesh", version: 2, clusters: ["w03"] },
      }),
      200,
    );
    expect(same.body.plan.totals.alreadyAtTarget).toBe(1);
    expect(same.body.changes[0]).toMatchObject({ created: [], updated: [], deleted: [] });
    const back = await expectStatus(
      api.call("POST", "/v1/rollouts?dryRun=true", {
        key,
        body: { profile: "mesh", version: 1, clusters: ["w03"] },
      }),
      200,
    );
    const names = (refs: { kind: string; name: string }[]) => refs.map((r) => `${r.kind}/${r.name}`).sort();
    expect(names(back.body.changes[0].created)).toEqual([
      "ConfigMap/istio-sidecar-injector",
      "Job/istio-init-crd-10-1.4.3",
    ]);
    expect(names(back.body.changes[0].updated)).toEqual(["ConfigMap/istio", "Deployment/istiod"]);
    expect(names(back.body.changes[0].deleted)).toEqual(["Job/istio-init-crd-10-1.4.4"]);
  });
});

/** The most runs in flight at once, from their recorded start and finish. */
function maxOverlap(runs: readonly RolloutRun[]): number {
  const points = runs.flatMap((r) => [
    { at: r.startedAt!, delta: 1 },
    { at: r.finishedAt!, delta: -1 },
  ]);
  points.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let most = 0;
  for (const point of points) {
    current += point.delta;
    most = Math.max(most, current);
  }
  return most;
}
