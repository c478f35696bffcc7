import { sql } from "drizzle-orm";
import { afterAll, describe, expect } from "vitest";
import type { Workers } from "../../workers/runtime.ts";
import { apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { startTestWorkers, testWorkerSettings } from "../support/workers.ts";
import { expectStatus, registerClusters, setupTenant, waitForRollout } from "./support.ts";

// These rollouts never reach a cluster: every cluster is already desired at the target or is
// deleted, so the worker's gates, soak timers and skips are exercised without a fleet.
let workers: Workers | undefined;
afterAll(async () => {
  await workers?.close();
});

/** Registers clusters, all desired at the target (mesh v2) except those in `behind`. */
async function tenantWithClusters(
  api: Parameters<typeof setupTenant>[0],
  names: string[],
  behind: string[] = [],
) {
  const t = await setupTenant(api);
  const ids = await registerClusters(
    api,
    t.key,
    names.map((name) => ({ name, kubeconfig: tokenKubeconfig() })),
  );
  for (const name of names.filter((n) => !behind.includes(n))) {
    await api.database.db.execute(sql`update clusters set desired_profile = 'mesh', desired_version = 2
      where id = ${ids[name]}`);
  }
  workers ??= await startTestWorkers(api, testWorkerSettings({ rolloutPollMs: 300 }));
  return { ...t, ids };
}

describe("rollout worker without touching clusters", () => {
  test("approval gates hold each wave; a cluster deleted mid-rollout is skipped and reported", async ({
    api,
  }) => {
    const { key, ids } = await tenantWithClusters(api, ["c1", "c2", "c3"], ["c3"]);
    const created = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: { profile: "mesh", selector: "", strategy: { batchSize: 1, approval: "everyWave" } },
      }),
      201,
    );
    const id = created.body.id;
    const gate1 = await waitForRollout(api, key, id, (r) => r.state === "WaitingApproval", "first gate");
    expect(gate1.waves.map((w: { status: string }) => w.status)).toEqual([
      "completed",
      "waitingApproval",
      "pending",
    ]);
    // A stale approval naming the wrong wave is refused.
    await expectStatus(api.call("POST", `/v1/rollouts/${id}/approve`, { key, body: { waveIndex: 2 } }), 409);
    await expectStatus(api.call("POST", `/v1/rollouts/${id}/approve`, { key, body: { waveIndex: 1 } }), 202);
    await waitForRollout(
      api,
      key,
      id,
      (r) => r.state === "WaitingApproval" && r.currentWave === 1,
      "second gate",
    );

    await expectStatus(api.call("DELETE", `/v1/clusters/${ids.c3}`, { key }), 204);
    await expectStatus(api.call("POST", `/v1/rollouts/${id}/approve`, { key }), 202);
    const done = await waitForRollout(api, key, id, (r) => r.state === "Completed", "completion");
    expect(done.counts).toMatchObject({ total: 3, succeeded: 2, skipped: 1, alreadyAtTarget: 2 });
    expect(done.waves[2].clusters[0]).toMatchObject({
      name: "c3",
      status: "skipped",
      reason: "cluster deleted during the rollout",
      run: null,
    });
    expect(done.waves[2].counts.skipped).toBe(1);
    expect(done.etaSeconds).toBe(0);
    expect(done.finishedAt).not.toBeNull();
    expect(done.commands.recent.map((c: { type: string; applied: boolean }) => [c.type, c.applied])).toEqual([
      ["approve", true],
      ["approve", true],
    ]);
    expect(await api.count(`runs where rollout_id = '${id}'`)).toBe(0);
    expect(await api.count(`rollout_clusters where rollout_id = '${id}' and active`)).toBe(0);

    const events = await api.call("GET", "/v1/events?type=rollout.*&limit=100", { key });
    const types = events.body.items.map((e: { type: string; data: { waveIndex?: number } }) =>
      e.data.waveIndex === undefined ? e.type : `${e.type}:${e.data.waveIndex}`,
    );
    expect(types).toEqual([
      "rollout.planned",
      "rollout.started",
      "rollout.wave.started:0",
      "rollout.wave.completed:0",
      "rollout.waiting_approval:1",
      "rollout.wave.started:1",
      "rollout.wave.completed:1",
      "rollout.waiting_approval:2",
      "rollout.wave.started:2",
      "rollout.wave.completed:2",
      "rollout.completed",
    ]);
    // Settled: no more actions.
    await expectStatus(api.call("POST", `/v1/rollouts/${id}/pause`, { key }), 409);
  });

  test("the next wave starts only after the soak, woken by the worker's timer", { timeout: 60_000 }, async ({
    api,
  }) => {
    const { key } = await tenantWithClusters(api, ["s1", "s2", "s3"]);
    const created = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: { profile: "mesh", selector: "", strategy: { batchSize: 1, soakSeconds: 2 } },
      }),
      201,
    );
    const soaking = await waitForRollout(
      api,
      key,
      created.body.id,
      (r) => r.waves[0].status === "soaking" || r.state === "Completed",
      "a soaking wave",
    );
    expect(soaking.waves[0].status).toBe("soaking");
    const done = await waitForRollout(
      api,
      key,
      created.body.id,
      (r) => r.state === "Completed",
      "completion",
    );
    for (let i = 1; i < done.waves.length; i++) {
      const soakedAt = Date.parse(done.waves[i - 1].completedAt) + 2000;
      expect(Date.parse(done.waves[i].startedAt)).toBeGreaterThanOrEqual(soakedAt);
    }
  });
});
