import { randomUUID } from "node:crypto";
import { type ConnectionOptions, Queue, Worker } from "bullmq";
import type { KeyRing } from "../src/crypto/keyring.ts";
import type { Database } from "../src/db/client.ts";
import { createEngine, type Engine, EngineError } from "../src/k8s/index.ts";
import type { Logger } from "../src/logger.ts";
import { backoffMs, JOBS } from "./catalog.ts";
import { processDriftCheck } from "./drift/processor.ts";
import { startDriftScheduler } from "./drift/scheduler.ts";
import { processInstall } from "./install/processor.ts";
import { startInstallResync } from "./install/resync.ts";
import { startOutboxRelay } from "./relay.ts";
import { startRolloutPoller } from "./rollouts/poller.ts";
import { processRolloutTick } from "./rollouts/processor.ts";
import {
  type Clock,
  createWebhookProcessor,
  startWebhookDispatcher,
  WEBHOOK_DEFAULTS,
  webhookProcessorOptions,
} from "./webhooks/index.ts";

/** Settings for the worker side, from workers/config.ts or the single-process start. */
export interface WorkerSettings {
  redisUrl: string;
  queuePrefix: string;
  concurrency: number;
  leaseSeconds: number;
  stalledIntervalMs: number;
  driftIntervalSeconds: number;
  outboxPollMs: number;
  shutdownGraceMs: number;
  allowLoopbackClusters: boolean;
  /** Webhook targets may be loopback (tests) / http (local testing); both off in production. */
  allowLoopbackWebhooks: boolean;
  allowInsecureWebhooks: boolean;
  /** A webhook subscription failing everything for this long is disabled (default 5 days). */
  webhookDisableAfterSeconds?: number;
  webhookConcurrency?: number;
  /** Base URL of the API, for links in chat messages. */
  publicUrl?: string;
  /** Seconds between reconciliations that re-queue installs whose job was lost. */
  resyncIntervalSeconds: number;
  /** Milliseconds between polls that tick unsettled rollouts (a safety net; default 5000). */
  rolloutPollMs?: number;
}

/** The running workers; `close()` is the SIGTERM path. */
export interface Workers {
  engine: Engine;
  workerId: string;
  close(): Promise<void>;
}

/** Redis connection options from a URL. Workers block on Redis, so they never give up a request. */
export function redisConnection(url: string, role: "worker" | "producer"): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    ...(role === "worker"
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 }),
  };
}

/**
 * Starts the outbox relay, the install and drift workers, and the drift scheduler. One engine
 * (with its per-cluster client cache) is shared by every job of this process.
 */
export async function startWorkers(opts: {
  database: Database;
  keyRing: KeyRing;
  logger: Logger;
  settings: WorkerSettings;
  engine?: Engine;
  /** Injected clock for webhook retry schedules (tests jump hours without waiting). */
  clock?: Clock;
}): Promise<Workers> {
  const { database, keyRing, settings } = opts;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = opts.logger.child({ workerId });
  const engine = opts.engine ?? createEngine({ allowLoopback: settings.allowLoopbackClusters });
  const shutdown = new AbortController();
  const producer = redisConnection(settings.redisUrl, "producer");
  const consumer = redisConnection(settings.redisUrl, "worker");
  const prefix = settings.queuePrefix;

  const queueNames = [...new Set(Object.values(JOBS).map((j) => j.queue))];
  const queues = new Map(queueNames.map((name) => [name, new Queue(name, { connection: producer, prefix })]));
  for (const q of queues.values()) q.on("error", () => {});

  const backoffStrategy = (attemptsMade: number, _type?: string, err?: Error) =>
    backoffMs(attemptsMade, err instanceof EngineError ? err.retryAfterMs : undefined);
  const common = {
    connection: consumer,
    prefix,
    stalledInterval: settings.stalledIntervalMs,
    // A killed worker's job is retaken once its lock lapses: keep the lock close to the check.
    lockDuration: Math.max(5_000, settings.stalledIntervalMs),
    maxStalledCount: 1000,
    settings: { backoffStrategy },
  };
  const installDeps = {
    db: database.db,
    keyRing,
    engine,
    logger,
    workerId,
    leaseSeconds: settings.leaseSeconds,
    shutdown: shutdown.signal,
  };
  const installWorker = new Worker(
    JOBS.install.queue,
    (job, token) => processInstall(installDeps, job, token),
    {
      ...common,
      concurrency: settings.concurrency,
    },
  );
  const driftWorker = new Worker(
    JOBS["drift-check"].queue,
    (job) => processDriftCheck({ db: database.db, keyRing, engine, logger }, job),
    { ...common, concurrency: Math.max(1, Math.ceil(settings.concurrency / 2)) },
  );
  const webhooks = createWebhookProcessor(
    webhookProcessorOptions(settings, { db: database.db, keyRing, logger, clock: opts.clock }),
  );
  const webhookWorker = new Worker(JOBS["webhook-deliver"].queue, (job) => webhooks.process(job), {
    ...common,
    concurrency: settings.webhookConcurrency ?? WEBHOOK_DEFAULTS.concurrency,
  });
  const rolloutDeps = { db: database.db, logger, queue: queues.get(JOBS["rollout-tick"].queue)! };
  const rolloutWorker = new Worker(
    JOBS["rollout-tick"].queue,
    (job, token) => processRolloutTick(rolloutDeps, job, token),
    { ...common, concurrency: 4 },
  );
  rolloutWorker.on("error", (err) => logger.warn({ err: String(err) }, "worker connection error"));
  rolloutWorker.on("failed", (job, err) =>
    logger.info({ jobId: job?.id, err: err.message }, "job attempt failed"),
  );
  for (const w of [installWorker, driftWorker, webhookWorker]) {
    w.on("error", (err) => logger.warn({ err: String(err) }, "worker connection error"));
    w.on("failed", (job, err) => logger.info({ jobId: job?.id, err: err.message }, "job attempt failed"));
  }

  const stopRelay = await startOutboxRelay({ database, queues, logger, pollMs: settings.outboxPollMs });
  const stopWebhookDispatch = await startWebhookDispatcher({
    database,
    queue: queues.get(JOBS["webhook-deliver"].queue)!,
    logger,
    pollMs: settings.outboxPollMs,
    leaseMs: webhooks.deps.leaseMs,
    clock: webhooks.deps.clock,
  });
  const stopDrift =
    settings.driftIntervalSeconds > 0
      ? startDriftScheduler({
          db: database.db,
          queue: queues.get(JOBS["drift-check"].queue)!,
          intervalSeconds: settings.driftIntervalSeconds,
          logger,
        })
      : () => {};
  const stopResync = startInstallResync({
    db: database.db,
    queue: queues.get(JOBS.install.queue)!,
    intervalSeconds: settings.resyncIntervalSeconds,
    logger,
  });
  const stopRolloutPoller = startRolloutPoller({
    ...rolloutDeps,
    intervalMs: settings.rolloutPollMs ?? 5_000,
  });
  logger.info({ concurrency: settings.concurrency }, "workers started");

  return {
    engine,
    workerId,
    async close() {
      stopDrift();
      stopResync();
      await stopRelay();
      await stopWebhookDispatch();
      await stopRolloutPoller();
      const grace = setTimeout(() => shutdown.abort(), settings.shutdownGraceMs);
      await Promise.all([installWorker.close(), driftWorker.close(), webhookWorker.close()]);
      await webhooks.close();
      await rolloutWorker.close();
      clearTimeout(grace);
      await Promise.all([...queues.values()].map((q) => q.close()));
      if (!opts.engine) await engine.close();
      logger.info({}, "workers stopped");
    },
  };
}
