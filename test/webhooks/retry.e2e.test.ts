/**
 * Retries through the real workers, with the injected clock standing in for hours of
 * schedule: a receiver that is down then up, Retry-After, and a redirect that is not followed.
 */
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect } from "vitest";
import { STANDARD_WEBHOOKS_SCHEDULE_MS } from "../../src/notify/retry.ts";
import { answer, downPort, type Receiver, startReceiver } from "../notify/receiver.ts";
import { type ApiHarness, apiTest as test } from "../support/api.ts";
import { deliveriesOf, settle, startRig, subscribe, type WebhookRig } from "./support.ts";

let rig: WebhookRig | undefined;
const receivers: Receiver[] = [];
afterAll(async () => {
  await rig?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function setup(api: ApiHarness) {
  rig ??= await startRig(api);
  const { secret: key } = await api.key("write");
  return { rig, key };
}

/** Jumps the clock to the latest `next_attempt_at` of the subscription's pending deliveries. */
async function jumpToNextAttempt(api: ApiHarness, rig: WebhookRig, webhookId: string): Promise<void> {
  const pending = (await deliveriesOf(api, webhookId)).filter((d) => d.status === "pending");
  const latest = Math.max(...pending.map((d) => d.nextAttemptAt.getTime()));
  rig.clock.advance(Math.max(0, latest - rig.clock.now()) + 1);
}

describe("retries on the Standard Webhooks schedule", () => {
  test("receiver down, then up: attempts on schedule, then exactly one copy per webhook-id", async ({
    api,
  }) => {
    const { rig, key } = await setup(api);
    const port = await downPort();
    const hook = await subscribe(api, key, { url: `http://127.0.0.1:${port}/in`, events: ["webhook.ping"] });
    const pings: string[] = [];
    for (let i = 0; i < 3; i++) {
      pings.push((await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key })).body.eventId);
    }
    let up: Receiver | undefined;
    for (let attempt = 1; attempt <= 4; attempt++) {
      if (attempt === 4) up = await receiver(answer(204), port);
      if (attempt > 1) await jumpToNextAttempt(api, rig, hook.id);
      await settle(api, rig, hook.id);
      const rows = await deliveriesOf(api, hook.id);
      expect(rows.map((r) => r.attempts)).toEqual([attempt, attempt, attempt]);
      if (attempt === 4) break;
      const scheduled = STANDARD_WEBHOOKS_SCHEDULE_MS[attempt]!;
      for (const row of rows) {
        expect(row.status).toBe("pending");
        expect(row.lastError).toMatch(/^connect/);
        // ±10 % jitter around the schedule, less the real time this check took.
        const wait = row.nextAttemptAt.getTime() - rig.clock.now();
        expect(wait).toBeGreaterThan(scheduled * 0.9 - 3000);
        expect(wait).toBeLessThanOrEqual(scheduled * 1.1);
      }
    }
    const rows = await deliveriesOf(api, hook.id);
    expect(rows.map((r) => r.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(rows.map((r) => r.lastStatusCode)).toEqual([204, 204, 204]);
    // No loss, no duplicate: each event arrived exactly once, under its own id.
    const ids = up!.received.map((r) => String(r.headers["webhook-id"]));
    expect(ids.sort()).toEqual([...pings].sort());
    for (const r of up!.received) {
      const id = String(r.headers["webhook-id"]);
      const ts = Number(r.headers["webhook-timestamp"]);
      const expected = new Webhook(hook.secret).sign(id, new Date(ts * 1000), r.body);
      expect(String(r.headers["webhook-signature"])).toBe(expected);
    }
    const webhook = await api.call("GET", `/v1/webhooks/${hook.id}`, { key });
    expect(webhook.body).toMatchObject({ enabled: true, failingSince: null });
  });

  test("429 with Retry-After: the next attempt waits exactly as asked", async ({ api }) => {
    const { rig, key } = await setup(api);
    const r = await receiver((_req, res, i) => {
      res.writeHead(i === 0 ? 429 : 200, i === 0 ? { "retry-after": "120" } : {});
      res.end(i === 0 ? "slow down" : "ok");
    });
    const hook = await subscribe(api, key, { url: r.url, events: ["webhook.ping"] });
    await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig, hook.id);
    const [first] = await deliveriesOf(api, hook.id);
    expect(first).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 429,
      responseExcerpt: "slow down",
    });
    const wait = first!.nextAttemptAt.getTime() - rig.clock.now();
    expect(wait).toBeGreaterThan(117_000);
    expect(wait).toBeLessThanOrEqual(120_000);
    rig.clock.advance(60_000);
    await settle(api, rig, hook.id);
    expect(r.received).toHaveLength(1);
    rig.clock.advance(61_000);
    await settle(api, rig, hook.id);
    expect(r.received).toHaveLength(2);
    expect((await deliveriesOf(api, hook.id))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });

  test("a redirect is not followed: it counts as a failed attempt", async ({ api }) => {
    const { rig, key } = await setup(api);
    const target = await receiver(answer(200));
    const r = await receiver(answer(302, { location: `${target.url}/elsewhere` }));
    const hook = await subscribe(api, key, { url: r.url, events: ["webhook.ping"] });
    await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig, hook.id);
    expect(r.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
    const [row] = await deliveriesOf(api, hook.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 302 });
    expect(row!.lastError).toContain("redirect");
    expect(row!.lastError).toContain("not followed");
    const shown = await api.call("GET", `/v1/webhooks/${hook.id}`, { key });
    expect(shown.body.failingSince).not.toBeNull();
  });
});
