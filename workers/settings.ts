import type { WorkerConfig } from "./config.ts";
import type { WorkerSettings } from "./runtime.ts";

/** Worker settings from the parsed environment. */
export function workerSettings(config: WorkerConfig): WorkerSettings {
  return {
    redisUrl: config.REDIS_URL,
    queuePrefix: config.MESHFLEET_QUEUE_PREFIX,
    concurrency: config.MESHFLEET_WORKER_CONCURRENCY,
    leaseSeconds: config.MESHFLEET_LEASE_SECONDS,
    stalledIntervalMs: config.MESHFLEET_STALLED_INTERVAL_MS,
    driftIntervalSeconds: config.MESHFLEET_DRIFT_INTERVAL_SECONDS,
    outboxPollMs: config.MESHFLEET_OUTBOX_POLL_MS,
    shutdownGraceMs: config.MESHFLEET_SHUTDOWN_GRACE_MS,
    allowLoopbackClusters: config.MESHFLEET_ALLOW_LOOPBACK_CLUSTERS,
    allowLoopbackWebhooks: config.MESHFLEET_ALLOW_LOOPBACK_WEBHOOKS,
    allowInsecureWebhooks: config.MESHFLEET_ALLOW_INSECURE_WEBHOOKS,
    webhookDisableAfterSeconds: config.MESHFLEET_WEBHOOK_DISABLE_AFTER_SECONDS,
    webhookConcurrency: config.MESHFLEET_WEBHOOK_CONCURRENCY,
    publicUrl: config.MESHFLEET_PUBLIC_URL,
    resyncIntervalSeconds: config.MESHFLEET_RESYNC_INTERVAL_SECONDS,
  };
}
