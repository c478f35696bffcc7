import { z } from "zod";
import { commonEnv, parseEnv, requireKeysWithDatabase } from "../src/config/shared.ts";

/** Variables read by the worker entry point (`npm run worker`), and by `npm start` for its workers. */
export const workerEnvSchema = z
  .object({
    ...commonEnv,
    /** A webhook subscription failing every attempt for this long is disabled (default 5 days). */
    MESHFLEET_WEBHOOK_DISABLE_AFTER_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(90 * 86_400)
      .default(432_000),
    /** Webhook attempts in flight per process; they wait on the network, not the CPU. */
    MESHFLEET_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
    /** Base URL of the API, for the links in chat messages. */
    MESHFLEET_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:8080"),
    /** Installs run at once per process; each holds one cluster. */
    MESHFLEET_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
    /** How long a worker's claim on a cluster lasts without renewal (crash recovery time). */
    MESHFLEET_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
    /** BullMQ stalled-job check interval. */
    MESHFLEET_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(300_000).default(30_000),
    /** Seconds between drift checks of an installed cluster; 0 turns drift checks off. */
    MESHFLEET_DRIFT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    /** Seconds between reconciliations that re-queue installs whose job was lost (e.g. Redis restarted empty). */
    MESHFLEET_RESYNC_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** Outbox polling fallback when no NOTIFY arrives. */
    MESHFLEET_OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
    /** Bound on finishing the current step after SIGTERM before aborting it. */
    MESHFLEET_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
    /** Prefix of every BullMQ key, so several deployments (or test runs) share one Redis. */
    MESHFLEET_QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default("meshfleet"),
  })
  .superRefine(requireKeysWithDatabase);

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** Parses the worker's environment. */
export function parseWorkerConfig(env: Record<string, string | undefined>) {
  return parseEnv(workerEnvSchema, env);
}
