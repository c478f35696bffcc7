import type { KeyRing } from "../../src/crypto/keyring.ts";
import type { Db } from "../../src/db/client.ts";
import type { Logger } from "../../src/logger.ts";
import type { AggregatorOptions } from "../../src/notify/aggregate.ts";
import type { SendFn } from "../../src/notify/attempt.ts";

/** Milliseconds since the epoch. Injected so tests can jump hours of retry schedule at once. */
export type Clock = () => number;

/** Everything the webhook jobs need; built once per worker process. */
export interface WebhookWorkerDeps {
  db: Db;
  keyRing: KeyRing;
  logger: Logger;
  /** The guarded HTTP sender (SSRF checks on the address actually connected to). */
  send: SendFn;
  clock: Clock;
  /** A subscription failing every attempt for this long is disabled. */
  disableAfterMs: number;
  /**
   * How long a dispatched or claimed delivery is left alone before it is dispatched again:
   * covers a job lost with Redis or a worker that died mid-attempt. Longer than a send can take.
   */
  leaseMs: number;
  /** Base of the API links in chat messages. */
  publicUrl: string;
  timeoutMs: number;
  random?: () => number;
  aggregator?: Partial<AggregatorOptions>;
}

/** Default lease: four times the 15 s send timeout. */
export const DEFAULT_WEBHOOK_LEASE_MS = 60_000;
