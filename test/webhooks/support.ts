/**
 * Helpers for the webhook tests: a movable clock, the workers started with it, and a way to
 * wait until every delivery that is due by that clock has been dealt with.
 */
import { Queue } from "bullmq";
import { and, eq, lte, sql } from "drizzle-orm";
import { webhookDeliveries } from "../../src/db/schema/index.ts";
import { createConsoleLogger, type Logger } from "../../src/logger.ts";
import { redisConnection, startWorkers, type WorkerSettings, type Workers } from "../../workers/runtime.ts";
import type { ApiHarness } from "../support/api.ts";
import { testWorkerSettings, waitFor } from "../support/workers.ts";

/**
 * Real time plus an offset that only grows: rows written with the database's `now()` are
 * never in this clock's future, and `advance` jumps hours of retry schedule at once.
 */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** A clock starting at real time. */
export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** Workers (relay, dispatcher, BullMQ workers) on the harness's database, with `clock`. */
export interface WebhookRig {
  workers: Workers;
  clock: TestClock;
  queue: Queue;
  close(): Promise<void>;
}

/** A logger that keeps test output clean (warnings with MESHFLEET_TEST_LOGS=1). */
export function quietLogger(): Logger {
  const base = createConsoleLogger();
  const noop = () => {};
  const quiet: Logger = {
    ...base,
    info: noop,
    debug: noop,
    warn: process.env.MESHFLEET_TEST_LOGS ? base.warn : noop,
    child: () => quiet,
  };
  return quiet;
}

/** Starts the workers with a test clock; `settings` override the test defaults. */
export async function startRig(
  api: ApiHarness,
  settings: Partial<WorkerSettings> = {},
  logger: Logger = quietLogger(),
): Promise<WebhookRig> {
  const clock = testClock();
  const s = testWorkerSettings({ outboxPollMs: 100, ...settings });
  const workers = await startWorkers({
    database: api.database,
    keyRing: api.keyRing,
    logger,
    settings: s,
    clock: clock.now,
  });
  const queue = new Queue("webhooks", {
    connection: redisConnection(s.redisUrl, "producer"),
    prefix: s.queuePrefix,
  });
  return {
    workers,
    clock,
    queue,
    async close() {
      await workers.close();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    },
  };
}

/**
 * Waits until nothing is due by the rig's clock and the queue is empty: every attempt that
 * could happen at this "time" has happened. A deadline for convergence, not a timing assertion.
 */
export async function settle(api: ApiHarness, rig: WebhookRig, webhookId?: string): Promise<void> {
  await waitFor(
    async () => {
      const [due] = await api.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.status, "pending"),
            lte(webhookDeliveries.nextAttemptAt, new Date(rig.clock.now())),
            webhookId ? eq(webhookDeliveries.webhookId, webhookId) : undefined,
          ),
        );
      const counts = await rig.queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      return (due?.n ?? 0) + Object.values(counts).reduce((a, b) => a + b, 0);
    },
    (n) => n === 0,
    { timeoutMs: 20_000, intervalMs: 50, what: "webhook deliveries to settle" },
  );
}

/** The delivery rows of one subscription, oldest first. */
export async function deliveriesOf(api: ApiHarness, webhookId: string) {
  return api.database.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(webhookDeliveries.id);
}

/** Creates a subscription through the API and returns its body (with the secret). */
export async function subscribe(
  api: ApiHarness,
  key: string,
  body: Record<string, unknown>,
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON
): Promise<any> {
  const res = await api.call("POST", "/v1/webhooks", { key, body });
  if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
