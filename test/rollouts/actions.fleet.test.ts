import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Workers } from "../../workers/runtime.ts";
import { apiTest as test } from "../support/api.ts";
import { startTestWorkers, testWorkerSettings, waitFor } from "../support/workers.ts";
import {
  liveMesh,
  type RolloutFleet,
  rolloutRuns,
  startRolloutFleet,
  V1_MESH,
  V2_MESH,
} from "./fleet-support.ts";
import { expectStatus, registerClusters, setupTenant, waitForRollout } from "./support.ts";

// Three control planes shared by the tests; each test has its own tenant and profile
// namespace, so their meshes never meet.
let local: RolloutFleet;
let workers: Workers | undefined;

beforeAll(async () => {
  local = await startRolloutFleet(3);
});
afterAll(async () => {
  await workers?.close();
  await local?.stop();
});

/** A tenant whose profile lives in `namespace`, with clusters p0..p2 on the three control planes. */
async function start(api: Parameters<typeof setupTenant>[0], namespace: string) {
  const t = await setupTenant(api, { namespace });
  const names = [0, 1, 2].map((i) => `${namespace}-${i}`);
  const ids = await registerClusters(
    api,
    t.key,
    names.map((name, i) => ({ name, kubeconfig: local.clusters[i]!.kubeconfig })),
  );
  workers ??= await startTestWorkers(api, testWorkerSettings({ rolloutPollMs: 500 }));
  const create = (body: Record<string, unknown>) =>
    expectStatus(
      api.call("POST", "/v1/rollouts", { key: t.key, body: { profile: "mesh", selector: "", ...body } }),
      201,
    );
  const act = (id: string, action: string) =>
    api.call("POST", `/v1/rollouts/${id}/${action}`, { key: t.key });
  return { ...t, ids, names, create, act };
}

const oneByOne = { batchSize: 1, concurrency: 1 };

describe("rollout actions", () => {
  test("pause lets the running install finish and starts nothing; resume carries on", {
    timeout: 600_000,
  }, async ({ api }) => {
    const { key, create, act, names } = await start(api, "pause");
    const { body } = await create({ strategy: oneByOne });
    await waitForRollout(
      api,
      key,
      body.id,
      (r) => r.waves[0].clusters[0].status === "installing",
      "wave 0 installing",
    );
    await expectStatus(act(body.id, "pause"), 202);
    const paused = await waitForRollout(
      api,
      key,
      body.id,
      (r) => r.state === "Paused" && r.counts.installing === 0,
      "paused with nothing in flight",
    );
    // The install that was running finished and its wave completed, in the same snapshot
    // where the next wave has not started: the pause is what held it.
    const k = paused.currentWave;
    expect(k).toBeLessThan(2);
    expect(paused.waves[k]).toMatchObject({ status: "completed" });
    expect(paused.waves[k + 1]).toMatchObject({ status: "pending", startedAt: null });
    expect((await rolloutRuns(api, body.id)).map((r) => r.cluster)).toEqual(names.slice(0, k + 1));
    expect((await expectStatus(act(body.id, "pause"), 409)).body.detail).toBe(
      "cannot pause: the rollout is Paused",
    );

    await expectStatus(act(body.id, "resume"), 202);
    const done = await waitForRollout(api, key, body.id, (r) => r.finishedAt !== null, "completion");
    expect(done.state).toBe("Completed");
    expect((await rolloutRuns(api, body.id)).map((r) => r.cluster)).toEqual([
      "pause-0",
      "pause-1",
      "pause-2",
    ]);
    expect(done.commands.recent.map((c: { type: string }) => c.type)).toEqual(["pause", "resume"]);
  });

  test("abort stops starting clusters; finished ones stay, and the rest are free again", {
    timeout: 600_000,
  }, async ({ api }) => {
    const { key, create, act, names } = await start(api, "abort");
    const { body } = await create({ strategy: oneByOne });
    await waitForRollout(
      api,
      key,
      body.id,
      (r) => r.waves[1].clusters[0].status === "installing",
      "wave 1 installing",
    );
    await expectStatus(act(body.id, "abort"), 202);
    await waitForRollout(api, key, body.id, (r) => r.state === "Aborted", "aborted");
    // The install in flight when it was aborted still finishes and is reported.
    const done = await waitForRollout(
      api,
      key,
      body.id,
      (r) => r.counts.installing === 0,
      "the last install reported",
    );
    // Every wave started before the abort finished; none started after it.
    const k = done.currentWave;
    expect(k).toBeLessThan(2);
    const statuses = done.waves.map((w: { clusters: { status: string }[] }) => w.clusters[0]!.status);
    expect(statuses).toEqual(names.map((_, i) => (i <= k ? "succeeded" : "pending")));
    expect((await rolloutRuns(api, body.id)).map((r) => r.cluster)).toEqual(names.slice(0, k + 1));
    expect(await liveMesh(local.clusters[k]!.vetted, "abort")).toEqual(V2_MESH);
    expect(await liveMesh(local.clusters[2]!.vetted, "abort")).toEqual({
      image: null,
      sidecarInjector: false,
    });
    await expectStatus(act(body.id, "resume"), 409);
    // An aborted rollout holds no cluster: a new rollout may take the one it never reached.
    await expectStatus(
      api.call("POST", "/v1/rollouts?dryRun=false", { key, body: { profile: "mesh", clusters: [names[2]] } }),
      201,
    );
  });

  test("manual rollback at the approval gate returns the canary to its previous version", {
    timeout: 600_000,
  }, async ({ api }) => {
    const { key, ids, names, act } = await start(api, "undo");
    for (const id of Object.values(ids)) {
      await expectStatus(
        api.call("PUT", `/v1/clusters/${id}/mesh`, { key, body: { profile: "mesh", version: 1 } }),
        202,
      );
    }
    await waitFor(
      async () => (await api.call("GET", "/v1/clusters?limit=100", { key })).body.items,
      (items) => items.every((c: { observed: { phase: string } }) => c.observed.phase === "Ready"),
      { what: "version 1 on every cluster", timeoutMs: 300_000 },
    );
    const { body } = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: {
          profile: "mesh",
          selector: "",
          strategy: { canary: { clusters: [names[0]] }, approval: "afterCanary", rollback: "manual" },
        },
      }),
      201,
    );
    await waitForRollout(api, key, body.id, (r) => r.state === "WaitingApproval", "the gate");
    expect(await liveMesh(local.clusters[0]!.vetted, "undo")).toEqual(V2_MESH);
    await expectStatus(act(body.id, "rollback"), 202);
    const done = await waitForRollout(api, key, body.id, (r) => r.finishedAt !== null, "the rollback");
    expect(done.state).toBe("RolledBack");
    expect(done.counts).toMatchObject({ rolledBack: 1, pending: 2 });
    expect(done.waves[0].clusters[0].rollbackRun).not.toBeNull();
    for (const i of [0, 1, 2]) expect(await liveMesh(local.clusters[i]!.vetted, "undo")).toEqual(V1_MESH);
    const runs = await rolloutRuns(api, body.id);
    expect(runs.map((r) => `${r.cluster}:v${r.profileVersion}:${r.status}`)).toEqual([
      "undo-0:v2:succeeded",
      "undo-0:v1:succeeded",
    ]);
  });

  test("rollback uninstalls clusters that had no mesh, when the rollout asked for it", {
    timeout: 600_000,
  }, async ({ api }) => {
    const { key, names, create, act } = await start(api, "fresh");
    const { body } = await create({
      strategy: { canary: { clusters: [names[0]] }, approval: "afterCanary", uninstallOnRollback: true },
    });
    await waitForRollout(api, key, body.id, (r) => r.state === "WaitingApproval", "the gate");
    expect(await liveMesh(local.clusters[0]!.vetted, "fresh")).toEqual(V2_MESH);
    await expectStatus(act(body.id, "rollback"), 202);
    const done = await waitForRollout(api, key, body.id, (r) => r.finishedAt !== null, "the rollback");
    expect(done.state).toBe("RolledBack");
    expect(done.waves[0].clusters[0]).toMatchObject({ status: "rolledBack", previous: null });
    const runs = await rolloutRuns(api, body.id);
    expect(runs.map((r) => `${r.cluster}:${r.kind}:${r.status}`)).toEqual([
      "fresh-0:install:succeeded",
      "fresh-0:uninstall:succeeded",
    ]);
    expect(await liveMesh(local.clusters[0]!.vetted, "fresh")).toEqual({
      image: null,
      sidecarInjector: false,
    });
    const cluster = (await api.call("GET", `/v1/clusters/${done.waves[0].clusters[0].id}`, { key })).body;
    expect(cluster.observed.phase).toBe("Uninstalled");
  });
});
