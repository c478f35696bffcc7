/**
 * The Worker against the Node server, same run, same database, loopback only:
 * - the Worker bundle's size (what `wrangler deploy` would upload);
 * - cold start in workerd (wrangler's startup CPU profile, and end-to-end in Miniflare);
 * - requests per second for `GET /v1/clusters/{id}` in workerd and on Node, as a ratio, with
 *   `GET /healthz` (no database) as a control. When PgBouncer is installed, a third target
 *   runs the Worker's Hyperdrive through it, standing in for Hyperdrive's pool
 *   (bench/edge/pgbouncer.ts says why).
 *
 *   npx node bench/edge/run.ts [seconds=5] [concurrency=16] [rounds=2]
 *
 * Bounded: about (targets × rounds × (seconds + 1)) seconds per endpoint, plus start-up.
 * Needs the machine's Postgres (test/support/postgres.ts: ADMIN_URL). Prints one JSON object.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyRingSpec } from "../../src/crypto/keyring.ts";
import { openPostgres } from "../../src/db/client.ts";
import { createApiKey } from "../../src/services/tenants.ts";
import { bundleWorker } from "../../test/edge/support/bundle.ts";
import { startWorkerd, type Workerd } from "../../test/edge/support/workerd.ts";
import { tokenKubeconfig } from "../../test/support/fixtures/kubeconfigs.ts";
import { measureBaselineReady, measureColdStarts } from "./cold-start.ts";
import { createBenchDatabase } from "./database.ts";
import { type LoadResult, round, runLoad } from "./load.ts";
import { type NodeServer, startNodeServer } from "./node-process.ts";
import { type Pooler, startPgbouncer } from "./pgbouncer.ts";
import { wranglerStartupProfile } from "./startup-profile.ts";

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);
const rounds = Number(process.argv[4] ?? 2);
const UNLIMITED = 1_000_000_000;

const dir = await mkdtemp(join(tmpdir(), "meshfleet-bench-edge-"));
const bench = await createBenchDatabase();
const keyRingSpec = generateKeyRingSpec("bench1");
const stops: (() => Promise<void>)[] = [];
try {
  const bundle = await bundleWorker({ outdir: join(dir, "bundle") });
  const startup = await wranglerStartupProfile(dir);

  const database = await openPostgres({ url: bench.url, max: 1 });
  const created = await createApiKey(database.db, {
    tenantId: "bench",
    name: "bench",
    scope: "admin",
    actor: "bench",
  });
  await database.close();
  const key = created!.secret;
  const auth = { authorization: `Bearer ${key}` };

  const node: NodeServer = await startNodeServer({
    databaseUrl: bench.url,
    keyRingSpec,
    perMinute: UNLIMITED,
  });
  stops.push(node.stop);
  const clusterPath = await registerCluster(node.origin, auth);

  const workerOpts = {
    script: bundle.script,
    databaseUrl: bench.url,
    rateLimit: UNLIMITED,
    vars: { MESHFLEET_ENCRYPTION_KEYS: keyRingSpec, MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: "true" },
  };
  const coldStart = await measureColdStarts(workerOpts, 5, clusterPath, key);
  const baselineReadyMs = await measureBaselineReady(dir, 5);

  const workerd: Workerd = await startWorkerd({ ...workerOpts, quiet: true });
  stops.push(workerd.dispose);
  const targets: Record<string, string> = { node: node.origin, workerd: workerd.url.origin };
  const pooler: Pooler | undefined = await startPgbouncer(dir);
  if (pooler) {
    stops.push(pooler.stop);
    const pooledUrl = new URL(bench.url);
    pooledUrl.port = String(pooler.port);
    const pooled = await startWorkerd({ ...workerOpts, databaseUrl: pooledUrl.toString(), quiet: true });
    stops.push(pooled.dispose);
    targets["workerd+pgbouncer"] = pooled.url.origin;
  }

  const throughput: Record<string, Record<string, number | LoadResult[]>> = {};
  for (const [name, path, headers] of [
    ["GET /v1/clusters/{id}", clusterPath, auth],
    ["GET /healthz", "/healthz", {}],
  ] as const) {
    const runs: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(targets).map((t) => [t, []]));
    for (let r = 0; r < rounds; r++) {
      // Rotate which target goes first, so none always gets the warmest or coldest machine.
      const order = Object.keys(targets);
      for (let i = 0; i < r; i++) order.push(order.shift()!);
      for (const target of order) {
        const origin = targets[target]!;
        await runLoad({ origin, path, headers, concurrency, seconds: 1 });
        runs[target]!.push(await runLoad({ origin, path, headers, concurrency, seconds }));
      }
    }
    const rps = Object.fromEntries(Object.entries(runs).map(([t, rs]) => [t, mean(rs.map((x) => x.rps))]));
    const ratios = Object.fromEntries(
      Object.keys(targets)
        .filter((t) => t !== "node")
        .map((t) => [`${t}/node`, Math.round((rps[t]! / rps.node!) * 1000) / 1000]),
    );
    throughput[name] = { ...prefixed("rps.", rps), ...ratios, runs: Object.values(runs).flat() };
  }

  const result = {
    machine: { cpus: cpus().length, concurrency, seconds, rounds },
    bundle: { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes },
    startup,
    coldStart: { ...coldStart, baselineReadyMs },
    throughput,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await bench.drop();
  await rm(dir, { recursive: true, force: true });
}

function mean(values: number[]): number {
  return round(values.reduce((a, b) => a + b, 0) / values.length);
}

function prefixed(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** Registers the cluster the reads fetch, through the Node server. */
async function registerCluster(origin: string, auth: Record<string, string>): Promise<string> {
  const res = await fetch(`${origin}/v1/clusters`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench-1", labels: { env: "bench" }, kubeconfig: tokenKubeconfig() }),
  });
  if (res.status !== 201) throw new Error(`registering the bench cluster: ${await res.text()}`);
  return `/v1/clusters/${((await res.json()) as { id: string }).id}`;
}
