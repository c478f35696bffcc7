import type { Job } from "bullmq";
import type { KeyRing } from "../../src/crypto/keyring.ts";
import type { Db } from "../../src/db/client.ts";
import type { Logger } from "../../src/logger.ts";
import { createWebhookSender } from "../../src/notify/send/sender.ts";
import { JOBS } from "../catalog.ts";
import { processChat } from "./chat.ts";
import { processDelivery } from "./deliver.ts";
import { type Clock, DEFAULT_WEBHOOK_LEASE_MS, type WebhookWorkerDeps } from "./deps.ts";

/** The Standard Webhooks guidance and DOMAIN.md: a receiver gets 15 s to answer. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

/** What the webhook processor takes from the worker settings. */
export interface WebhookProcessorOptions {
  db: Db;
  keyRing: KeyRing;
  logger: Logger;
  allowLoopback: boolean;
  allowInsecure: boolean;
  disableAfterSeconds: number;
  publicUrl: string;
  clock?: Clock;
  leaseMs?: number;
  /** Overrides for tests (jitter); production leaves them out. */
  overrides?: Partial<Pick<WebhookWorkerDeps, "random" | "aggregator" | "timeoutMs" | "send">>;
}

/** The `webhooks` queue's processor with its own HTTP connection pools; `close()` on shutdown. */
export function createWebhookProcessor(opts: WebhookProcessorOptions) {
  const sender = createWebhookSender({
    allowLoopback: opts.allowLoopback,
    allowInsecure: opts.allowInsecure,
  });
  const deps: WebhookWorkerDeps = {
    db: opts.db,
    keyRing: opts.keyRing,
    logger: opts.logger,
    send: sender.send,
    clock: opts.clock ?? Date.now,
    disableAfterMs: opts.disableAfterSeconds * 1000,
    leaseMs: opts.leaseMs ?? DEFAULT_WEBHOOK_LEASE_MS,
    publicUrl: opts.publicUrl,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    ...opts.overrides,
  };
  return {
    deps,
    process(job: Job): Promise<string> {
      if (job.name === "webhook-chat") {
        return processChat(deps, JOBS["webhook-chat"].payload.parse(job.data).webhookId);
      }
      return processDelivery(deps, JOBS["webhook-deliver"].payload.parse(job.data));
    },
    close: () => sender.close(),
  };
}
