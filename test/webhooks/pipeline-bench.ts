/**
 * Webhook pipeline throughput (not a test): how fast the workers drain a backlog of recorded
 * events to a local receiver (dispatcher, BullMQ, claim, sign, send, record), on the test
 * Postgres and Redis; and what the fan-out adds to `recordEvent`. The backlog is recorded
 * before the workers start, so the two figures do not share the CPU.
 *
 *   cd /work/main && npx vitest run test/webhooks/api-crud.test.ts   # builds the template database once
 *   npx node test/webhooks/pipeline-bench.ts [--events 5000]
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import { createKeyRing, generateKeyRingSpec } from "../../src/crypto/keyring.ts";
import { webhookDeliveries, webhooks } from "../../src/db/schema/index.ts";
import { newId } from "../../src/ids.ts";
import { recordEvent } from "../../src/services/events.ts";
import { ensureTenant } from "../../src/services/tenants.ts";
import { sealNewSecret } from "../../src/services/webhooks-secrets.ts";
import type { ApiHarness } from "../support/api.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { startRig } from "./support.ts";

const { values } = parseArgs({ options: { events: { type: "string", default: "5000" } } });
const EVENTS = Number(values.events);
const BATCH = 250;

// The rig needs only the database and the key ring of a harness (the harness itself needs vitest).
const database = await createTestDatabase();
const keyRing = await createKeyRing(generateKeyRingSpec("bench"));
const api = { database, keyRing } as unknown as ApiHarness;
const receiver = fork(new URL("../../bench/webhooks/receiver.ts", import.meta.url));
const [{ port }] = (await once(receiver, "message")) as [{ port: number }];

async function record(tenantId: string, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i += BATCH) {
    await database.db.transaction(async (tx) => {
      for (let k = i; k < Math.min(n, i + BATCH); k++) {
        await recordEvent(tx, { tenantId, type: "cluster.drifted", data: { n: k } });
      }
    });
  }
  return (performance.now() - started) / n;
}

try {
  const [bare, tenant] = ["bench-bare", "bench-hooked"];
  for (const t of [bare, tenant]) await ensureTenant(database.db, t);
  const perEventBare = await record(bare, 2000);
  const hook = { id: newId() };
  const { sealed } = await sealNewSecret(keyRing, tenant, hook.id);
  await database.db.insert(webhooks).values({
    id: hook.id,
    tenantId: tenant,
    url: `http://127.0.0.1:${port}/`,
    format: "standard",
    events: ["cluster.*"],
    secretSealed: sealed,
  });
  // Recorded before the workers start, so the two figures do not share the CPU.
  const perEventFanned = await record(tenant, EVENTS);
  const started = performance.now();
  const rig = await startRig(api, { webhookConcurrency: 64 });
  for (;;) {
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, hook.id), eq(webhookDeliveries.status, "delivered")));
    if ((row?.n ?? 0) >= EVENTS) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      events: EVENTS,
      recordEventMsNoSubscription: Number(perEventBare.toFixed(3)),
      recordEventMsOneSubscription: Number(perEventFanned.toFixed(3)),
      drainSeconds: Number(seconds.toFixed(2)),
      deliveriesPerSecond: Math.round(EVENTS / seconds),
    })}\n`,
  );
  await rig.close();
} finally {
  receiver.send({ cmd: "stop" });
  await database.drop();
}
