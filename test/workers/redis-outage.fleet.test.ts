import { isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { outbox } from "../../src/db/schema/index.ts";
import type { Workers } from "../../workers/runtime.ts";
import { apiTest as test } from "../support/api.ts";
import { type Fleet, type Kubelet, startFleet, startKubelet } from "../support/fleet/index.ts";
import { type PrivateRedis, privateRedis } from "../support/redis.ts";
import { meshScenario } from "../support/scenario.ts";
import { startTestWorkers, testWorkerSettings, waitFor } from "../support/workers.ts";

let fleet: Fleet;
let kubelet: Kubelet;
let redis: PrivateRedis;
let workers: Workers | undefined;

beforeAll(async () => {
  [fleet, redis] = await Promise.all([startFleet({ clusters: 1 }), privateRedis()]);
  kubelet = await startKubelet(fleet.clusters[0]!.vetted, { intervalMs: 300 });
});

afterAll(async () => {
  await workers?.close();
  await redis?.stop();
  await kubelet?.stop();
  await fleet?.stop();
});

describe("Redis outage", () => {
  test("the API keeps accepting writes, nothing is lost, and every run completes once Redis is back", async ({
    api,
  }) => {
    workers = await startTestWorkers(
      api,
      testWorkerSettings({ redisUrl: redis.url, resyncIntervalSeconds: 2 }),
    );
    const mesh = await meshScenario(api, { namespace: "outage-ns" });
    const before = await mesh.register("before-outage", fleet.clusters[0]!.kubeconfig);
    await mesh.desire(before);
    await mesh.waitPhase(before, ["Ready"]);

    await redis.stop();
    const ids: string[] = [];
    for (const name of ["during-1", "during-2", "during-3"]) {
      const id = await mesh.register(name, fleet.clusters[0]!.kubeconfig);
      await mesh.desire(id);
      ids.push(id);
    }
    await mesh.desire(before, 2);
    const pending = async () =>
      (
        await api.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(outbox)
          .where(isNull(outbox.relayedAt))
      )[0]!.n;
    await new Promise((r) => setTimeout(r, 1500));
    expect(await pending()).toBe(4);

    // Back, but empty (no persistence): the outbox and the resync recover everything.
    await redis.start();
    for (const id of ids)
      expect((await mesh.waitPhase(id, ["Ready", "Failed"])).observed.phase).toBe("Ready");
    const upgraded = await waitFor(
      () => mesh.get(`/v1/clusters/${before}`),
      (c) => c.observed.version === 2 && c.observed.phase === "Ready",
      { what: "upgrade after outage", timeoutMs: 90_000 },
    );
    expect(upgraded.observed.release).toBe("1.4.4");
    await waitFor(pending, (n) => n === 0, { what: "every outbox row relayed", timeoutMs: 30_000 });
  });
});
