import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { expectStatus, registerClusters, setupTenant, waveNames } from "./support.ts";

const kubeconfig = tokenKubeconfig();

/** Six clusters c1..c6 in regions a/b; c6 is already desired at the target (profile mesh v2). */
async function fleetOfSix(api: Parameters<typeof setupTenant>[0]) {
  const t = await setupTenant(api);
  const ids = await registerClusters(
    api,
    t.key,
    [1, 2, 3, 4, 5, 6].map((n) => ({
      name: `c${n}`,
      labels: { env: "prod", region: n % 2 ? "a" : "b" },
      kubeconfig,
    })),
  );
  await api.database.db.execute(
    sql`update clusters set desired_profile = 'mesh', desired_version = 2 where id = ${ids.c6}`,
  );
  await api.database.db.execute(
    sql`update clusters set desired_profile = 'mesh', desired_version = 1 where id in (${ids.c1}, ${ids.c2})`,
  );
  return { ...t, ids };
}

describe("POST /v1/rollouts", () => {
  test("dry run returns the plan and object changes, and stores nothing", async ({ api }) => {
    const { key, tenant } = await fleetOfSix(api);
    const body = {
      profile: "mesh",
      selector: "env=prod",
      strategy: {
        canary: { count: 1 },
        batchSize: 2,
        order: { by: "label", key: "region" },
        maxFailures: { total: "20%" },
      },
    };
    const dry = await expectStatus(api.call("POST", "/v1/rollouts?dryRun=true", { key, body }), 200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.target).toEqual({ profile: "mesh", version: 2 });
    expect(dry.body.plan.totals).toEqual({ clusters: 6, alreadyAtTarget: 1 });
    expect(dry.body.plan.budgets.total).toBe(1);
    expect(dry.body.plan.waves.map((w: { kind: string }) => w.kind)).toEqual([
      "canary",
      "batch",
      "batch",
      "batch",
    ]);
    expect(dry.body.plan.waves[0].clusters[0].name).not.toBe("c6");
    // No inventory yet: every rendered object would be created.
    expect(dry.body.changes).toHaveLength(6);
    for (const change of dry.body.changes) {
      expect(change.created.length).toBeGreaterThan(5);
      expect(change.updated).toEqual([]);
      expect(change.deleted).toEqual([]);
    }
    expect(await api.count(`rollouts where tenant_id = '${tenant}'`)).toBe(0);
    expect(await api.count(`rollout_clusters where tenant_id = '${tenant}'`)).toBe(0);

    // The dry run's seed replays exactly the plan it showed.
    const created = await expectStatus(
      api.call("POST", "/v1/rollouts", { key, body: { ...body, seed: dry.body.seed } }),
      201,
    );
    expect(waveNames(created.body)).toEqual(waveNames(dry.body.plan));
    expect(created.body.state).toBe("Planned");
    expect(created.body.counts).toMatchObject({ total: 6, pending: 6, alreadyAtTarget: 1 });
    expect(created.body.waves[1].clusters.map((c: { previous: unknown }) => c.previous)).toBeDefined();
    const c1 = created.body.waves
      .flatMap((w: { clusters: unknown[] }) => w.clusters)
      .find((c: { name: string }) => c.name === "c1");
    expect(c1.previous).toEqual({ profile: "mesh", version: 1 });

    const got = await expectStatus(api.call("GET", `/v1/rollouts/${created.body.id}`, { key }), 200);
    expect(waveNames(got.body)).toEqual(waveNames(created.body));
    expect(got.body.etaSeconds).toBeNull();
    const list = await expectStatus(api.call("GET", "/v1/rollouts?state=Planned", { key }), 200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([created.body.id]);

    const events = await api.call("GET", "/v1/events?type=rollout.*", { key });
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(["rollout.planned"]);
  });

  test("invalid requests are 422 naming the field; other tenants get 404", async ({ api }) => {
    const { key, tenant } = await fleetOfSix(api);
    const post = (body: unknown) => api.call("POST", "/v1/rollouts", { key, body });
    const empty = await expectStatus(post({ profile: "mesh", selector: "env=nowhere" }), 422);
    expect(empty.body.errors[0]).toEqual({ field: "selector", message: "matched no clusters" });
    const both = await expectStatus(post({ profile: "mesh", selector: "", clusters: ["c1"] }), 422);
    expect(both.body.errors[0].field).toBe("selector");
    const unknown = await expectStatus(post({ profile: "mesh", clusters: ["c1", "nope"] }), 422);
    expect(unknown.body.errors).toEqual([{ field: "clusters[1]", message: 'no cluster named "nope"' }]);
    const canary = await expectStatus(
      post({ profile: "mesh", selector: "", strategy: { canary: { clusters: ["zz"] } } }),
      422,
    );
    expect(canary.body.errors[0].field).toBe("strategy.canary.clusters[0]");
    const typo = await expectStatus(
      post({ profile: "mesh", selector: "", strategy: { maxFailure: 1 } }),
      422,
    );
    expect(typo.body.errors[0].field).toBe("strategy.maxFailure");
    const profile = await expectStatus(post({ profile: "other", selector: "" }), 422);
    expect(profile.body.errors[0].field).toBe("profile");
    expect(await api.count(`rollouts where tenant_id = '${tenant}'`)).toBe(0);

    const created = await expectStatus(post({ profile: "mesh", clusters: ["c3"] }), 201);
    const { secret: stranger } = await api.key("write");
    await expectStatus(api.call("GET", `/v1/rollouts/${created.body.id}`, { key: stranger }), 404);
    await expectStatus(api.call("POST", `/v1/rollouts/${created.body.id}/pause`, { key: stranger }), 404);
    const { secret: reader } = await api.key("read");
    await expectStatus(
      api.call("POST", "/v1/rollouts", { key: reader, body: { profile: "mesh", selector: "" } }),
      403,
    );
  });

  test("a cluster in an active rollout is 409; supersede takes it over", async ({ api }) => {
    const { key, ids, tenant } = await fleetOfSix(api);
    const first = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: { name: "first", profile: "mesh", clusters: ["c1", "c2", "c3"] },
      }),
      201,
    );
    const clash = await expectStatus(
      api.call("POST", "/v1/rollouts", { key, body: { profile: "mesh", clusters: ["c3", "c4"] } }),
      409,
    );
    expect(clash.body.detail).toContain("c3 (rollout first)");
    expect(clash.body.errors).toEqual([
      { field: "clusters.c3", message: `in active rollout ${first.body.id}` },
    ]);
    expect(await api.count(`rollouts where tenant_id = '${tenant}'`)).toBe(1);

    const second = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: { profile: "mesh", clusters: ["c3", "c4"], supersede: true },
      }),
      201,
    );
    const old = (await api.call("GET", `/v1/rollouts/${first.body.id}`, { key })).body;
    const c3 = old.waves
      .flatMap((w: { clusters: unknown[] }) => w.clusters)
      .find((c: { id: string }) => c.id === ids.c3);
    expect(c3).toMatchObject({ status: "skipped", reason: `superseded by rollout ${second.body.id}` });
    expect(old.counts).toMatchObject({ pending: 2, skipped: 1 });
    const members = await api.database.db.execute(
      sql`select rollout_id, active from rollout_clusters where cluster_id = ${ids.c3} order by rollout_id`,
    );
    expect(members).toEqual([
      { rollout_id: first.body.id, active: false },
      { rollout_id: second.body.id, active: true },
    ]);
  });

  test("actions are queued for the worker, or refused with the machine's reason", async ({ api }) => {
    const { key, tenant } = await fleetOfSix(api);
    const created = await expectStatus(
      api.call("POST", "/v1/rollouts", { key, body: { profile: "mesh", selector: "" } }),
      201,
    );
    const act = (action: string, body?: unknown) =>
      api.call("POST", `/v1/rollouts/${created.body.id}/${action}`, { key, ...(body ? { body } : {}) });
    const resume = await expectStatus(act("resume"), 409);
    expect(resume.body.detail).toBe("cannot resume: the rollout is Running");
    const approve = await expectStatus(act("approve", { waveIndex: 1 }), 409);
    expect(approve.body.detail).toContain("nothing to approve");
    const pause = await expectStatus(act("pause"), 202);
    expect(pause.body.command.type).toBe("pause");
    // After the queued pause, resume is valid.
    await expectStatus(act("resume"), 202);
    const got = (await api.call("GET", `/v1/rollouts/${created.body.id}`, { key })).body;
    expect(got.commands.pending.map((c: { type: string }) => c.type)).toEqual(["pause", "resume"]);
    expect(await api.count(`outbox where job = 'rollout-tick' and tenant_id = '${tenant}'`)).toBe(3);
  });
});
