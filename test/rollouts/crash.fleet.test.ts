import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { ApiHarness } from "../support/api.ts";
import { apiTest as test } from "../support/api.ts";
import { waitFor } from "../support/workers.ts";
import {
  liveMesh,
  type RolloutFleet,
  rolloutEventTypes,
  rolloutRuns,
  startRolloutFleet,
  V2_MESH,
} from "./fleet-support.ts";
import { expectStatus, registerClusters, setupTenant, waitForRollout } from "./support.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let local: RolloutFleet;
let dir: string;
const children = new Set<ChildProcess>();
const killAll = () => {
  for (const child of children) child.kill("SIGKILL");
};

beforeAll(async () => {
  local = await startRolloutFleet(4);
  dir = mkdtempSync(`${tmpdir()}/meshfleet-crash-`);
  process.once("exit", killAll);
});
afterAll(async () => {
  killAll();
  await local?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run worker` as its own process, on the test's database, key ring and queue prefix. */
function startWorkerProcess(api: ApiHarness, prefix: string, n: number): ChildProcess {
  const log = openSync(`${dir}/worker-${n}.log`, "a");
  const child = spawn(process.execPath, ["workers/main.ts"], {
    cwd: ROOT,
    stdio: ["ignore", log, log],
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: api.database.url,
      MESHFLEET_ENCRYPTION_KEYS: api.keyRingSpec,
      REDIS_URL: "redis://127.0.0.1:6379",
      MESHFLEET_QUEUE_PREFIX: prefix,
      MESHFLEET_DATA_DIR: dir,
      MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: "true",
      MESHFLEET_LEASE_SECONDS: "3",
      MESHFLEET_STALLED_INTERVAL_MS: "1000",
      MESHFLEET_DRIFT_INTERVAL_SECONDS: "0",
      MESHFLEET_OUTBOX_POLL_MS: "200",
      MESHFLEET_WORKER_CONCURRENCY: "4",
      LOG_LEVEL: "warn",
    },
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** SIGKILL: no shutdown hook runs, leases and BullMQ locks are left to expire. */
async function crash(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

async function runningRuns(api: ApiHarness, rolloutId: string, wave: number): Promise<number> {
  const rows = (await api.database.db.execute(sql`
    select count(*)::int as n from runs r join rollout_clusters m
      on m.rollout_id = r.rollout_id and m.cluster_id = r.cluster_id
    where r.rollout_id = ${rolloutId} and m.wave = ${wave} and r.status = 'running'`)) as unknown as {
    n: number;
  }[];
  return rows[0]!.n;
}

describe("a worker killed mid-wave", () => {
  test("the rollout resumes where it was; no cluster is installed twice", { timeout: 900_000 }, async ({
    api,
  }) => {
    const { key } = await setupTenant(api, { namespace: "crash" });
    const names = ["k0", "k1", "k2", "k3"];
    const ids = await registerClusters(
      api,
      key,
      names.map((name, i) => ({ name, kubeconfig: local.clusters[i]!.kubeconfig })),
    );
    const prefix = `mf-crash-${randomBytes(4).toString("hex")}`;
    const { body } = await expectStatus(
      api.call("POST", "/v1/rollouts", {
        key,
        body: { profile: "mesh", selector: "", strategy: { batchSize: 2, concurrency: 2 } },
      }),
      201,
    );

    // Kill the worker process while wave 0's installs run, then again during wave 1.
    let worker = startWorkerProcess(api, prefix, 1);
    for (const [wave, n] of [
      [0, 2],
      [1, 3],
    ] as const) {
      await waitFor(
        () => runningRuns(api, body.id, wave),
        (running) => running > 0,
        { what: `wave ${wave} installing`, timeoutMs: 300_000, intervalMs: 100 },
      );
      await crash(worker);
      const mid = (await api.call("GET", `/v1/rollouts/${body.id}`, { key })).body;
      expect(mid.waves[wave].completedAt).toBeNull();
      worker = startWorkerProcess(api, prefix, n);
    }

    const done = await waitForRollout(api, key, body.id, (r) => r.finishedAt !== null, "completion", 600_000);
    expect(done.state).toBe("Completed");
    expect(done.counts).toMatchObject({ total: 4, succeeded: 4 });
    await crash(worker);

    // Each cluster's desired state was set once (generation 1) and installed by one run.
    const runs = await rolloutRuns(api, body.id);
    expect(runs.map((r) => `${r.cluster}:${r.generation}:${r.status}`).sort()).toEqual(
      names.map((name) => `${name}:1:succeeded`),
    );
    const generations = (await api.database.db.execute(
      sql`select desired_generation as g from clusters where id in ${Object.values(ids)}`,
    )) as unknown as { g: number }[];
    expect(generations.map((row) => row.g)).toEqual([1, 1, 1, 1]);
    const events = await rolloutEventTypes(api, key, body.id);
    expect(events).toEqual([
      "rollout.planned",
      "rollout.started",
      "rollout.wave.started:0",
      "rollout.wave.completed:0",
      "rollout.wave.started:1",
      "rollout.wave.completed:1",
      "rollout.completed",
    ]);
    for (const [i] of names.entries())
      expect(await liveMesh(local.clusters[i]!.vetted, "crash")).toEqual(V2_MESH);
  });
});
