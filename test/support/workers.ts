import { randomBytes } from "node:crypto";
import { stringify } from "yaml";
import type { K8sObject } from "../../src/domain/manifests/types.ts";
import { createConsoleLogger, type Logger } from "../../src/logger.ts";
import { startWorkers, type WorkerSettings, type Workers } from "../../workers/runtime.ts";
import type { ApiHarness } from "./api.ts";
import { FIXTURE_KUBERNETES_RANGE } from "./fixtures/index.ts";

/** Worker settings for tests: short leases and intervals, and a queue prefix of their own. */
export function testWorkerSettings(overrides: Partial<WorkerSettings> = {}): WorkerSettings {
  return {
    redisUrl: "redis://127.0.0.1:6379",
    queuePrefix: `mf-test-${randomBytes(4).toString("hex")}`,
    concurrency: 8,
    leaseSeconds: 3,
    stalledIntervalMs: 1000,
    driftIntervalSeconds: 0,
    outboxPollMs: 200,
    shutdownGraceMs: 2000,
    allowLoopbackClusters: true,
    allowLoopbackWebhooks: true,
    allowInsecureWebhooks: true,
    resyncIntervalSeconds: 30,
    ...overrides,
  };
}

/** Starts the workers in-process against a harness's database. */
export function startTestWorkers(
  api: ApiHarness,
  settings: WorkerSettings = testWorkerSettings(),
): Promise<Workers> {
  return startWorkers({ database: api.database, keyRing: api.keyRing, logger: quietLogger(), settings });
}

/** A release upload body from fixture objects; CRDs are split out by the API. */
export function releaseFromObjects(version: string, objects: readonly K8sObject[], profile = "default") {
  return {
    version,
    kubernetes: FIXTURE_KUBERNETES_RANGE,
    profiles: { [profile]: objects.map((o) => stringify(o)).join("---\n") },
  };
}

/**
 * Polls `probe` until `done` holds, returning the last value; throws with that value once
 * `timeoutMs` passes. A deadline for convergence, not a timing assertion.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 60_000, intervalMs = 200, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
    last = await probe();
  }
  return last;
}

function quietLogger(): Logger {
  const base = createConsoleLogger();
  const noop = () => {};
  const quiet: Logger = {
    ...base,
    info: noop,
    debug: noop,
    warn: process.env.MESHFLEET_TEST_LOGS ? base.warn : noop,
    error: base.error,
    child: () => quiet,
  };
  return quiet;
}
