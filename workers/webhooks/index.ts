/** The webhook side of the workers: the `webhooks` queue's processor and the delivery dispatcher. */
import type { KeyRing } from "../../src/crypto/keyring.ts";
import type { Db } from "../../src/db/client.ts";
import type { Logger } from "../../src/logger.ts";
import type { WorkerSettings } from "../runtime.ts";
import type { Clock } from "./deps.ts";
import type { WebhookProcessorOptions } from "./processor.ts";

export type { Clock, WebhookWorkerDeps } from "./deps.ts";
export { startWebhookDispatcher } from "./dispatch-loop.ts";
export { createWebhookProcessor } from "./processor.ts";

/** Defaults for settings added after the first deployments (optional in WorkerSettings). */
export const WEBHOOK_DEFAULTS = {
  disableAfterSeconds: 5 * 86_400,
  concurrency: 64,
  publicUrl: "http://127.0.0.1:8080",
} as const;

/** The processor's options from the worker settings. */
export function webhookProcessorOptions(
  settings: WorkerSettings,
  deps: { db: Db; keyRing: KeyRing; logger: Logger; clock?: Clock | undefined },
): WebhookProcessorOptions {
  return {
    db: deps.db,
    keyRing: deps.keyRing,
    logger: deps.logger,
    allowLoopback: settings.allowLoopbackWebhooks,
    allowInsecure: settings.allowInsecureWebhooks,
    disableAfterSeconds: settings.webhookDisableAfterSeconds ?? WEBHOOK_DEFAULTS.disableAfterSeconds,
    publicUrl: settings.publicUrl ?? WEBHOOK_DEFAULTS.publicUrl,
    ...(deps.clock ? { clock: deps.clock } : {}),
  };
}
