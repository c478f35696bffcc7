/**
 * Benchmark (issue 4): converge N registered clusters to a new profile version through the
 * API, outbox, queue and workers, against the same applies made directly through the engine
 * in the same run. Run from the repo root:
 *
 *   npx node bench/workers/converge.ts [--clusters 200] [--concurrency 20] [--sample N]
 *     [--deadline-min 15] [--kubelet-ms 250] [--pool 10] [--resync-s 30]
 *
 * Needs the machine's Postgres and Redis on loopback and the kube binaries (scripts/kube-binaries.sh).
 * Starts 3 local control planes, registers N clusters round-robin over them (namespace
 * `bench-<i>` each), converges them to profile version 1 (setup), then measures converging all
 * to version 2 (release 1.4.4): wall time from the first PUT to the last run finished, and per
 * step the recorded time, the orchestration gap before it, the time inside engine calls, and
 * the same step made directly through the engine (namespaces `direct-<i>`, `--sample` of them,
 * default all). Prints a table and a JSON summary; stops everything it started.
 */
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { openPostgres } from "../../src/db/client.ts";
import { createEngine, type InventoryEntry, type RequestCounts } from "../../src/k8s/index.ts";
import { startFleet } from "../../test/support/fleet/index.ts";
import { testWorkerSettings } from "../../test/support/workers.ts";
import { JOBS } from "../../workers/catalog.ts";
import { redisConnection, startWorkers } from "../../workers/runtime.ts";
import { convergeDirect, type DirectJob } from "./direct.ts";
import { silentLogger, startBenchApi } from "./harness.ts";
import { startKubeletProcess } from "./kubelets.ts";
import { lifecycle } from "./lifecycle.ts";
import { startLoopDelay } from "./loop-delay.ts";
import { mapLimit } from "./pool.ts";
import { printStepTable, stepReports, totals } from "./report.ts";
import { ensureTemplate } from "./template.ts";
import { bumpProfiles, desireAll, renderedObjects, setUpTenant } from "./tenant.ts";
import { type EngineCall, timedEngine } from "./timed-engine.ts";
import { overlappingClusters, readTimelines, waitConverged } from "./worker-runs.ts";

const { values: args } = parseArgs({
  options: {
    clusters: { type: "string", default: "200" },
    concurrency: { type: "string", default: "20" },
    sample: { type: "string" },
    "deadline-min": { type: "string", default: "15" },
    "kubelet-ms": { type: "string", default: "250" },
    pool: { type: "string", default: "10" },
    "resync-s": { type: "string", default: "30" },
  },
});
const count = Number(args.clusters);
const concurrency = Number(args.concurrency);
const sample = Math.min(count, Number(args.sample ?? count));
const kubeletMs = Number(args["kubelet-ms"]);
const pool = Number(args.pool);
for (const [name, value] of Object.entries({
  clusters: count,
  concurrency,
  sample,
  "kubelet-ms": kubeletMs,
  pool,
})) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer`);
}
const started = Date.now();
const deadline = started + Number(args["deadline-min"]) * 60_000;
const life = lifecycle(deadline);
const log = (msg: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
/** The in-process client's PUTs at a time, like a script converging a fleet. */
const PUT_LANES = 10;

const messages = new Map<string, number>();
const countMessage = (msg: string, obj: object) => {
  const reason = (obj as { reason?: unknown }).reason;
  const key = reason ? `${msg} (${String(reason)})` : msg;
  messages.set(key, (messages.get(key) ?? 0) + 1);
  // The resync logs how many clusters it re-queued: each is one more install job.
  const clusterCount = (obj as { clusters?: unknown }).clusters;
  if (typeof clusterCount === "number")
    messages.set(`${key} [clusters]`, (messages.get(`${key} [clusters]`) ?? 0) + clusterCount);
};
/** How many recorded steps ran more than once, by step name. */
const retriedSteps = (runs: Awaited<ReturnType<typeof readTimelines>>) => {
  const counts: Record<string, number> = {};
  for (const s of runs.flatMap((r) => r.steps))
    if (s.attempts > 1) counts[s.step] = (counts[s.step] ?? 0) + 1;
  return counts;
};
const perInstall = (c: RequestCounts, installs: number) => ({
  total: Math.round((c.total / installs) * 10) / 10,
  byMethod: Object.fromEntries(
    Object.entries(c.byMethod).map(([m, n]) => [m, Math.round((n / installs) * 10) / 10]),
  ),
  failed: c.failed,
});

async function main() {
  await ensureTemplate();
  const fleet = await startFleet({ clusters: 3 });
  life.started("fleet", () => fleet.stop());
  log(`fleet of 3 control planes up in ${fleet.startupMs} ms`);
  const kubelets = await startKubeletProcess(
    fleet.clusters.map((c) => c.vetted),
    kubeletMs,
  );
  life.started("kubelets", () => kubelets.stop());
  const api = await startBenchApi();
  life.started("database", () => api.database.drop());
  // The workers get their own pool, sized like `npm run worker`'s (openPostgres's default 10).
  const workerDb = await openPostgres({ url: api.database.url, max: pool });
  life.started("worker pool", () => workerDb.close());
  const calls: EngineCall[] = [];
  const inner = createEngine({ allowLoopback: true });
  life.started("worker engine", () => inner.close());
  // Production timings (workers/config.ts defaults), drift checks off: only installs are measured.
  const settings = testWorkerSettings({
    concurrency,
    leaseSeconds: 30,
    stalledIntervalMs: 30_000,
    driftIntervalSeconds: 0,
    outboxPollMs: 2_000,
    shutdownGraceMs: 5_000,
    resyncIntervalSeconds: Number(args["resync-s"]),
  });
  life.started("queues", () => obliterateQueues(settings.redisUrl, settings.queuePrefix));
  const workers = await startWorkers({
    database: workerDb,
    keyRing: api.keyRing,
    logger: silentLogger(countMessage),
    settings,
    engine: timedEngine(inner, calls),
  });
  life.started("workers", () => workers.close());
  const directEngine = createEngine({ allowLoopback: true });
  life.started("direct engine", () => directEngine.close());

  const key = await api.writeKey();
  const clusters = await setUpTenant(api, key, fleet.clusters, count);
  const ids = clusters.map((c) => c.id);
  log(`${count} clusters registered, ${2 * count} profiles created`);

  // Setup: version 1 everywhere, through the workers and directly (timed, for reference).
  const sentV1 = await desireAll(api, key, clusters, 1, PUT_LANES);
  const v1 = await waitConverged(workerDb.db, ids, 1, deadline, (p) =>
    log(`v1: ${p.ready} Ready, ${p.failed} Failed`),
  );
  const v1Runs = await readTimelines(workerDb.db, ids, 1, []);
  const v1WorkerWall = Math.max(...v1Runs.map((r) => r.finishedAt)) - Math.min(...sentV1.values());
  const sampled = clusters.slice(0, sample);
  const directJobs: DirectJob[] = await mapLimit(sampled, 8, async (c) => ({
    target: { id: `direct-${c.index}`, credentialsVersion: 1, kubeconfig: fleet.clusters[c.plane]!.vetted },
    objects: await renderedObjects(api, key, c.directProfile, 1, c.id),
  }));
  const directV1 = await convergeDirect(directEngine, directJobs, concurrency, deadline);
  log(`v1 setup: workers ${Math.round(v1WorkerWall)} ms, direct ${Math.round(directV1.wallMs)} ms`);

  await bumpProfiles(api, key, [...clusters.map((c) => c.profile), ...sampled.map((c) => c.directProfile)]);
  const v1Messages = new Map(messages);
  messages.clear();

  // Measured: version 2 through the workers.
  const workerBefore = inner.stats.snapshot();
  const callsFrom = calls.length;
  const workerLoop = startLoopDelay();
  const sentV2 = await desireAll(api, key, clusters, 2, PUT_LANES);
  const v2 = await waitConverged(workerDb.db, ids, 2, deadline, (p) =>
    log(`v2: ${p.ready} Ready, ${p.failed} Failed`),
  );
  const workerRequests = inner.stats.since(workerBefore);
  const workerLoopDelay = workerLoop();
  const runs = await readTimelines(workerDb.db, ids, 2, calls.slice(callsFrom));
  const firstPut = Math.min(...sentV2.values());
  const workerWallMs = Math.max(...runs.map((r) => r.finishedAt)) - firstPut;
  log(`v2 through the workers: ${Math.round(workerWallMs)} ms`);

  // Measured: version 2 directly through the engine, same concurrency, upgrading from v1's inventory.
  const v2Jobs: DirectJob[] = await mapLimit(sampled, 8, async (c, i) => ({
    target: directJobs[i]!.target,
    objects: await renderedObjects(api, key, c.directProfile, 2, c.id),
    previous: directV1.installs[i]!.inventory as InventoryEntry[],
  }));
  const directBefore = directEngine.stats.snapshot();
  const directLoop = startLoopDelay();
  const directV2 = await convergeDirect(directEngine, v2Jobs, concurrency, deadline);
  const directLoopDelay = directLoop();
  const directRequests = directEngine.stats.since(directBefore);
  log(`v2 directly through the engine: ${Math.round(directV2.wallMs)} ms`);

  const measurement = {
    clusters: count,
    concurrency,
    workerWallMs: workerWallMs,
    directWallMs: directV2.wallMs,
    directSample: sample,
    runs,
    direct: directV2.installs,
    queueWaitMs: runs.map((r) => r.createdAt - (sentV2.get(r.clusterId) ?? Number.NaN)),
  };
  const steps = stepReports(measurement);
  const overall = totals(measurement, steps);
  console.log(
    `\nConverge ${count} clusters (3 control planes, concurrency ${concurrency}) from profile v1 to v2:` +
      `\n  workers: ${Math.round(workerWallMs)} ms wall, first PUT → last run finished (${v2.ready} Ready, ${v2.failed} Failed)` +
      `\n  direct engine (${sample} clusters): ${Math.round(directV2.wallMs)} ms wall` +
      `\n  per install: worker run mean ${overall.runMs.mean} ms (p95 ${overall.runMs.p95}), direct mean ${overall.directInstallMs.mean} ms (p95 ${overall.directInstallMs.p95})` +
      `\n  queue wait (PUT → run created) mean ${overall.queueWait.mean} ms, p95 ${overall.queueWait.p95}` +
      `\n  API requests per install: workers ${perInstall(workerRequests, runs.length).total}, direct ${perInstall(directRequests, sample).total}` +
      `\n  steps run more than once: ${JSON.stringify(retriedSteps(runs))}; clusters touched by two executions at once: ${overlappingClusters(calls.slice(callsFrom)).length}` +
      `\n  event-loop delay p99: ${workerLoopDelay.p99Ms} ms during the workers' converge, ${directLoopDelay.p99Ms} ms during the direct one` +
      `\n\nPer step (ms): worker = recorded step; gap = orchestration before it; engine in run = inside engine calls;` +
      `\novh vs direct = (gap + step) − direct step (means; p95s); ovh in run = (gap + step) − engine in run, per run:`,
  );
  printStepTable(steps, overall.finishGap);
  const failures = runs.filter((r) => r.status !== "succeeded").map((r) => r.error ?? r.status);
  const summary = {
    clusters: count,
    controlPlanes: fleet.clusters.length,
    concurrency,
    directSample: sample,
    kubeletIntervalMs: kubeletMs,
    workerDbPool: pool,
    resyncIntervalSeconds: settings.resyncIntervalSeconds,
    fleetStartupMs: fleet.startupMs,
    setupV1: {
      ready: v1.ready,
      failed: v1.failed,
      workerWallMs: Math.round(v1WorkerWall),
      directWallMs: Math.round(directV1.wallMs),
      retriedSteps: retriedSteps(v1Runs),
      clustersTouchedConcurrently: overlappingClusters(calls.slice(0, callsFrom)).length,
      logs: Object.fromEntries(v1Messages),
    },
    measured: {
      ready: v2.ready,
      failed: v2.failed,
      workerWallMs: Math.round(workerWallMs),
      directWallMs: Math.round(directV2.wallMs),
      ...overall,
      requestsPerInstall: {
        workers: perInstall(workerRequests, runs.length),
        direct: perInstall(directRequests, sample),
      },
      retriedSteps: retriedSteps(runs),
      clustersTouchedConcurrently: overlappingClusters(calls.slice(callsFrom)).length,
      eventLoopDelay: { workers: workerLoopDelay, direct: directLoopDelay },
      failures: failures.slice(0, 10),
      logs: Object.fromEntries(messages),
    },
    steps,
    totalBenchMs: Date.now() - started,
  };
  console.log(`\nJSON summary:\n${JSON.stringify(summary)}`);
}

/** Removes this run's BullMQ keys from the shared Redis. */
async function obliterateQueues(redisUrl: string, prefix: string): Promise<void> {
  for (const name of new Set(Object.values(JOBS).map((j) => j.queue))) {
    const queue = new Queue(name, { connection: redisConnection(redisUrl, "producer"), prefix });
    try {
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
}

try {
  await main();
} catch (error) {
  console.error("bench failed:", error);
  process.exitCode = 1;
} finally {
  log("stopping everything the bench started");
  await life.stopAll();
  log("stopped");
  // Sockets of libraries that linger after close must not keep a finished bench alive.
  setTimeout(() => process.exit(), 5_000).unref();
}
