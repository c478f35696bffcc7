import { z } from "zod";

/**
 * The typed job catalog: every queue job's payload schema and retry policy. Payloads carry
 * ids only. Fields added later must be optional so jobs already queued still validate.
 */
export const JOBS = {
  install: {
    queue: "installs",
    payload: z.object({
      clusterId: z.uuid(),
      generation: z.number().int().nonnegative(),
      deleteCrds: z.boolean().optional(),
      /** Set when a rollout changed the desired state; the run records it. */
      rolloutId: z.uuid().optional(),
    }),
    /** Transient failures retry with backoff; permanent ones fail the run at once. */
    attempts: 12,
  },
  "drift-check": {
    queue: "drift",
    payload: z.object({ clusterId: z.uuid() }),
    attempts: 1,
  },
  /** One step of a rollout's state machine; any number of ticks is safe (it reconciles). */
  "rollout-tick": {
    queue: "rollouts",
    payload: z.object({ rolloutId: z.uuid() }),
    attempts: 10,
  },
  /** One attempt of one machine-format webhook delivery; the row's claim makes duplicates no-ops. */
  "webhook-deliver": {
    queue: "webhooks",
    payload: z.object({ deliveryId: z.uuid(), attempt: z.number().int().positive() }),
    attempts: 1,
  },
  /** One run of a chat endpoint's aggregator; retried while another worker holds the endpoint. */
  "webhook-chat": {
    queue: "webhooks",
    payload: z.object({ webhookId: z.uuid() }),
    attempts: 30,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;

/** Parses a job name and payload read from the outbox; throws on unknown or malformed jobs. */
export function parseJob(name: string, payload: unknown): { name: JobName; payload: unknown } {
  if (!(name in JOBS)) throw new Error(`unknown job '${name}'`);
  const job = JOBS[name as JobName];
  return { name: name as JobName, payload: job.payload.parse(payload) };
}

/** Exponential backoff with full jitter, capped; a server's Retry-After wins when larger. */
export function backoffMs(attempt: number, retryAfterMs?: number, random = Math.random): number {
  const cap = 60_000;
  const base = Math.min(cap, 1_000 * 2 ** Math.max(0, attempt - 1));
  const jittered = base / 2 + random() * (base / 2);
  return Math.max(Math.round(jittered), retryAfterMs ?? 0);
}
