import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";
import { useOneClusterFleet } from "../support/one-cluster.ts";
import { meshScenario } from "../support/scenario.ts";
import { waitFor } from "../support/workers.ts";

const WORKER_MAIN = fileURLToPath(new URL("../../workers/main.ts", import.meta.url));

const k8s = useOneClusterFleet();
const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
});

/** A real worker process (`npm run worker`'s entry) against the test database. */
function spawnWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("crash safety", () => {
  test("a worker SIGKILLed mid-run, several times, is resumed by the next; each step is recorded once", async ({
    api,
  }) => {
    const env = {
      DATABASE_URL: api.database.url,
      MESHFLEET_ENCRYPTION_KEYS: api.keyRingSpec,
      MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: "true",
      MESHFLEET_QUEUE_PREFIX: `mf-crash-${randomBytes(4).toString("hex")}`,
      MESHFLEET_LEASE_SECONDS: "2",
      MESHFLEET_STALLED_INTERVAL_MS: "1000",
      MESHFLEET_OUTBOX_POLL_MS: "200",
      MESHFLEET_DRIFT_INTERVAL_SECONDS: "0",
      LOG_LEVEL: "error",
    };
    const mesh = await meshScenario(api, { namespace: "crash-ns", waitTimeoutSeconds: 120 });
    k8s.kubelet.keepUnready({ namespace: "crash-ns", labels: { app: "istiod" } });
    const id = await mesh.register("crash", k8s.fleet.clusters[0]!.kubeconfig);
    await mesh.desire(id, 1);
    const stepOf = async () => {
      const page = await mesh.get(`/v1/clusters/${id}/runs`);
      return page.items[0]?.steps.find((s: { status: string }) => s.status === "running")?.name as
        | string
        | undefined;
    };

    // 1: killed as soon as a step is under way.
    let worker = spawnWorker(env);
    await waitFor(stepOf, (s) => s !== undefined, { what: "a running step" });
    await kill9(worker);

    // 2: killed in the workload wait (pods are held unready).
    worker = spawnWorker(env);
    await waitFor(stepOf, (s) => s === "workload-wait", { what: "workload-wait running", timeoutMs: 60_000 });
    await kill9(worker);

    // 3: killed again in the same step, after a new worker took the run over.
    worker = spawnWorker(env);
    const attemptsOf = async () => {
      const page = await mesh.get(`/v1/clusters/${id}/runs`);
      return page.items[0].steps.find((s: { name: string }) => s.name === "workload-wait").attempts as number;
    };
    await waitFor(attemptsOf, (n) => n >= 2, { what: "workload-wait retaken", timeoutMs: 60_000 });
    await kill9(worker);

    k8s.kubelet.clear();
    worker = spawnWorker(env);
    const ready = await mesh.waitPhase(id, ["Ready", "Failed"], 120_000);
    expect(ready.observed.phase).toBe("Ready");

    const runs = await mesh.get(`/v1/clusters/${id}/runs`);
    expect(runs.items).toHaveLength(1);
    const run = runs.items[0];
    expect(run.status).toBe("succeeded");
    expect(run.steps.every((s: { status: string }) => s.status === "succeeded")).toBe(true);
    expect(
      run.steps.find((s: { name: string }) => s.name === "workload-wait").attempts,
    ).toBeGreaterThanOrEqual(3);

    const completed = await mesh.get(`/v1/events?cluster=${id}&type=run.step.completed&limit=100`);
    const counts: Record<string, number> = {};
    for (const e of completed.items) counts[e.data.step] = (counts[e.data.step] ?? 0) + 1;
    expect(counts).toEqual({
      preflight: 1,
      namespace: 1,
      crds: 1,
      "crd-wait": 1,
      profile: 1,
      "workload-wait": 1,
      verify: 1,
    });
    const started = await mesh.get(`/v1/events?cluster=${id}&type=run.started`);
    expect(started.items).toHaveLength(1);

    const render = await mesh.get(`/v1/profiles/mesh/versions/1/render?cluster=${id}`);
    const desired = render.phases
      .flatMap(
        (p: { objects: { kind: string; metadata: { name: string; namespace?: string } }[] }) => p.objects,
      )
      .map(
        (o: { kind: string; metadata: { name: string; namespace?: string } }) =>
          `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`,
      )
      .sort();
    const applied = run.inventory
      .map(
        (e: { kind: string; name: string; namespace?: string }) => `${e.kind}/${e.namespace ?? ""}/${e.name}`,
      )
      .sort();
    expect(applied).toEqual(desired);

    await new Promise<void>((resolve) => {
      worker.once("exit", (code) => {
        expect(code).toBe(0);
        resolve();
      });
      worker.kill("SIGTERM");
    });
  });
});
