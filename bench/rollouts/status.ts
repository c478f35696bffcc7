/**
 * Rollouts over 10,000 registered clusters, through the real API and Postgres:
 * - select: the 10,000 clusters read by label (`labels @> …`, what planning starts with);
 * - plan: `POST /v1/rollouts` end to end (select, plan, store plan and progress, 10,000
 *   memberships, outbox) — the rollout is deleted between runs, outside the timing;
 * - status: `GET /v1/rollouts/{id}` of that rollout mid-flight (third wave installing);
 * - tick: one rollout-worker tick on it that changes nothing (lock, reconcile, decide), and
 *   one that records a finished run and starts the next cluster (rewriting the progress).
 * Each is reported as a median (and p90) and as a multiple of the select's median.
 *
 *   npx node bench/rollouts/status.ts [clusters=10000] [runs=15]
 *
 * Needs the machine's Postgres (TEST_DATABASE_URL to override); makes and drops its own database.
 */
import { and, eq, sql } from "drizzle-orm";
import { stringify } from "yaml";
import { createApp } from "../../src/api/app.ts";
import { unlimited } from "../../src/api/middleware/rate-limit.ts";
import { createKeyRing, generateKeyRingSpec } from "../../src/crypto/keyring.ts";
import { openPostgres } from "../../src/db/client.ts";
import { clusters, rollouts, runs as runsTable } from "../../src/db/schema/index.ts";
import { selectorToSql } from "../../src/db/selector-sql.ts";
import { parseSelector } from "../../src/domain/selector/parse.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import { ROLLOUT_COLUMNS, readRollout } from "../../src/services/rollouts.ts";
import { createApiKey } from "../../src/services/tenants.ts";
import { FIXTURE_KUBERNETES_RANGE, fixtureRelease } from "../../test/support/fixtures/index.ts";
import { advanceRollout } from "../../workers/rollouts/advance.ts";
import { createBenchDatabase } from "../edge/database.ts";

const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 15);
const TENANT = "bench";

async function measure(run: () => Promise<unknown>, setup?: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    await setup?.();
    const start = performance.now();
    await run();
    if (i >= 2) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}
const at = (times: number[], q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;

const bench = await createBenchDatabase();
const database = await openPostgres({ url: bench.url, max: 5 });
const { db } = database;
try {
  const silent = createConsoleLogger();
  const noop = () => {};
  const logger = { ...silent, info: noop, warn: noop, debug: noop, child: () => logger };
  const app = createApp({
    db,
    keyRing: await createKeyRing(generateKeyRingSpec("bench")),
    logger,
    ping: async () => {},
    rateLimiter: unlimited,
    settings: {
      allowLoopbackClusters: true,
      allowInsecureWebhooks: false,
      allowLoopbackWebhooks: false,
      bodyLimitBytes: 8 * 1024 * 1024,
    },
  });
  const key = (await createApiKey(db, { tenantId: TENANT, name: "bench", scope: "write", actor: "bench" }))!
    .secret;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const release = (version: string, n: 1 | 2) => ({
    version,
    kubernetes: FIXTURE_KUBERNETES_RANGE,
    profiles: {
      default: fixtureRelease(n)
        .map((o) => stringify(o))
        .join("---\n"),
    },
  });
  await call("POST", "/v1/releases", release("1.4.3", 1));
  await call("POST", "/v1/releases", release("1.4.4", 2));
  await call("POST", "/v1/profiles", { name: "mesh", release: "1.4.3", profile: "default" });
  await call("PATCH", "/v1/profiles/mesh", { release: "1.4.4" });

  // 10,000 clusters labelled bench=yes on version 1, and as many others the selector must skip.
  await db.execute(sql`
    insert into clusters (id, tenant_id, name, labels, kubeconfig_sealed, server, auth_kind, fingerprint,
                          desired_profile, desired_version, desired_generation)
    select gen_random_uuid(), ${TENANT}, 'c-' || i,
           jsonb_build_object('bench', case when i <= ${count} then 'yes' else 'no' end,
                              'region', 'r' || (i % 17), 'tier', (i % 3)::text),
           'sealed', 'https://10.0.0.1:6443', 'token', md5(i::text), 'mesh', 1, 1
    from generate_series(1, ${count * 2}) as i`);
  await db.execute(sql`analyze clusters`);

  const requirements = parseSelector("bench=yes");
  const select = await measure(() =>
    db
      .select()
      .from(clusters)
      .where(and(eq(clusters.tenantId, TENANT), selectorToSql(clusters.labels, requirements))),
  );

  const body = {
    profile: "mesh",
    selector: "bench=yes",
    strategy: {
      canary: { count: 10 },
      batchSize: "10%",
      order: { by: "label", key: "region" },
      concurrency: 50,
    },
  };
  let rolloutId = "";
  const plan = await measure(
    async () => {
      rolloutId = (await call("POST", "/v1/rollouts", body)).id;
    },
    () => db.delete(rollouts).where(eq(rollouts.tenantId, TENANT)),
  );

  // Mid-flight, as the worker would have left it: waves 0–1 done, wave 2 half through.
  const [row] = await db.select().from(rollouts).where(eq(rollouts.id, rolloutId));
  const { progress } = readRollout(row!);
  const nowMs = Date.now();
  progress.state = "Running";
  progress.currentWave = 2;
  progress.waves.forEach((wave, w) => {
    if (w > 2) return;
    wave.startedAt = nowMs - (3 - w) * 600_000;
    if (w < 2) wave.completedAt = wave.startedAt + 500_000;
    wave.clusters.forEach((cluster, i) => {
      cluster.status = w < 2 || i < 400 ? "succeeded" : i < 450 ? "installing" : "pending";
      if (cluster.status !== "pending") {
        cluster.generation = 2;
        cluster.runId = crypto.randomUUID();
      }
    });
  });
  await db
    .update(rollouts)
    .set({ state: "Running", progress: progress as unknown as Record<string, unknown> })
    .where(eq(rollouts.id, rolloutId));

  let bytes = 0;
  const status = await measure(async () => {
    const view = await call("GET", `/v1/rollouts/${rolloutId}`);
    bytes = JSON.stringify(view).length;
  });
  // A tick inside a transaction that is rolled back, so every run sees the same rollout.
  const tickOnce = () =>
    db
      .transaction(async (tx) => {
        const [locked] = await tx
          .select(ROLLOUT_COLUMNS)
          .from(rollouts)
          .where(eq(rollouts.id, rolloutId))
          .for("update");
        await advanceRollout(tx, locked!, Date.now());
        tx.rollback();
      })
      .catch((err) => {
        if (!String(err).includes("Rollback")) throw err;
      });
  const tick = await measure(tickOnce);
  // One install finished: the tick records it, starts the next cluster (desired state, run,
  // outbox) and rewrites the progress document.
  const finished = progress.waves[2]!.clusters.find((cluster) => cluster.status === "installing")!;
  await db.insert(runsTable).values({
    id: finished.runId!,
    tenantId: TENANT,
    clusterId: finished.id,
    kind: "install",
    generation: 2,
    status: "succeeded",
    rolloutId,
  });
  const busyTick = await measure(tickOnce);

  const base = at(select, 0.5);
  for (const [name, times] of [
    ["select 10k clusters by label", select],
    ["plan: POST /v1/rollouts", plan],
    ["status: GET /v1/rollouts/{id} while running", status],
    ["worker tick with nothing to do", tick],
    ["worker tick: one run finished, next cluster started", busyTick],
  ] as const) {
    const median = at(times, 0.5);
    console.log(
      JSON.stringify({
        case: name,
        clusters: count,
        runs,
        medianMs: Number(median.toFixed(1)),
        p90Ms: Number(at(times, 0.9).toFixed(1)),
        xSelect: Number((median / base).toFixed(2)),
        ...(name.startsWith("status") ? { responseBytes: bytes } : {}),
      }),
    );
  }
} finally {
  await database.close();
  await bench.drop();
}
