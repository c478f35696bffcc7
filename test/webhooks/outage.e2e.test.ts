/**
 * Redis outages do not lose deliveries: the rows in Postgres are the source of truth. A
 * dispatch that cannot reach Redis leaves the row due; a job lost after dispatch is dispatched
 * again once its lease runs out.
 */
import { Queue } from "bullmq";
import { afterAll, describe, expect } from "vitest";
import { redisConnection } from "../../workers/runtime.ts";
import { dispatchDue } from "../../workers/webhooks/dispatcher.ts";
import { answer, downPort, type Receiver, startReceiver } from "../notify/receiver.ts";
import { apiTest as test } from "../support/api.ts";
import { deliveriesOf, settle, startRig, subscribe, type WebhookRig } from "./support.ts";

let rig: WebhookRig | undefined;
let receiver: Receiver | undefined;
const queues: Queue[] = [];
afterAll(async () => {
  await rig?.close();
  await receiver?.close();
  for (const q of queues) {
    await q.obliterate({ force: true }).catch(() => {});
    await q.close().catch(() => {});
  }
});

describe("deliveries survive Redis trouble", () => {
  test("Redis down at dispatch: the row stays due and is delivered once Redis is back", async ({ api }) => {
    receiver = await startReceiver(answer(200));
    const { secret: key } = await api.key("write");
    const hook = await subscribe(api, key, { url: receiver.url, events: ["webhook.ping"] });
    const ping = await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    const [before] = await deliveriesOf(api, hook.id);

    const dead = new Queue("webhooks", {
      connection: {
        ...redisConnection(`redis://127.0.0.1:${await downPort()}`, "producer"),
        retryStrategy: () => null,
      },
      prefix: "mf-test-dead",
    });
    dead.on("error", () => {});
    queues.push(dead);
    await expect(
      dispatchDue(api.database.db, dead, { nowMs: Date.now() + 1000, leaseMs: 60_000 }),
    ).rejects.toThrow();
    const [after] = await deliveriesOf(api, hook.id);
    expect(after).toEqual(before);

    // A job that reached Redis and was then lost (here: a queue nobody works on).
    const limbo = new Queue("webhooks", {
      connection: redisConnection("redis://127.0.0.1:6379", "producer"),
      prefix: "mf-test-limbo",
    });
    queues.push(limbo);
    expect(await dispatchDue(api.database.db, limbo, { nowMs: Date.now() + 1000, leaseMs: 60_000 })).toBe(1);
    const [leased] = await deliveriesOf(api, hook.id);
    expect(leased!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);

    rig = await startRig(api);
    await settle(api, rig);
    expect(receiver.received).toHaveLength(0);
    rig.clock.advance(62_000);
    await settle(api, rig);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([ping.body.eventId]);
    expect((await deliveriesOf(api, hook.id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });
});
