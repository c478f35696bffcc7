/**
 * Subscriptions that stop: a receiver answering 410, and one failing everything for longer
 * than the configured period (10 minutes here). Both record `webhook.disabled`, which other
 * subscriptions of the tenant receive like any event.
 */
import { afterAll, describe, expect } from "vitest";
import { answer, type Receiver, startReceiver } from "../notify/receiver.ts";
import { type ApiHarness, apiTest as test } from "../support/api.ts";
import { deliveriesOf, settle, startRig, subscribe, type WebhookRig } from "./support.ts";

let rig: WebhookRig | undefined;
const receivers: Receiver[] = [];
afterAll(async () => {
  await rig?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function setup(api: ApiHarness) {
  rig ??= await startRig(api, { webhookDisableAfterSeconds: 600 });
  const { secret: key } = await api.key("write");
  const watcherReceiver = await startReceiver(answer(200));
  receivers.push(watcherReceiver);
  const watcher = await subscribe(api, key, { url: watcherReceiver.url, events: ["webhook.disabled"] });
  return { rig, key, watcher, watcherReceiver };
}

async function disabledEvents(api: ApiHarness, key: string) {
  const res = await api.call("GET", "/v1/events?type=webhook.disabled", { key });
  return res.body.items as { subjectId: string; data: { reason: string; host: string } }[];
}

describe("disabling failing subscriptions", () => {
  test("410 Gone disables the subscription at once", async ({ api }) => {
    const { rig, key, watcherReceiver } = await setup(api);
    const gone = await startReceiver(answer(410));
    receivers.push(gone);
    const hook = await subscribe(api, key, { url: gone.url, events: ["webhook.ping"] });
    await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig);

    const shown = await api.call("GET", `/v1/webhooks/${hook.id}`, { key });
    expect(shown.body.enabled).toBe(false);
    expect(shown.body.disabledReason).toMatch(/410/);
    const [row] = await deliveriesOf(api, hook.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: 410 });
    const events = await disabledEvents(api, key);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subjectId: hook.id, data: { host: `127.0.0.1:${gone.port}` } });
    expect(JSON.stringify(events)).not.toContain(hook.secret);
    // The tenant's other subscription hears about it.
    expect(watcherReceiver.received.map((r) => JSON.parse(r.body).type)).toEqual(["webhook.disabled"]);
    expect(JSON.parse(watcherReceiver.received[0]!.body).data.webhookId).toBe(hook.id);
    // A disabled subscription gets no new deliveries, and cannot be pinged.
    expect((await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key })).status).toBe(409);
  });

  test("failing every attempt for longer than the configured period disables it", async ({ api }) => {
    const { rig, key, watcherReceiver } = await setup(api);
    const broken = await startReceiver(answer(500, {}, "boom"));
    receivers.push(broken);
    const hook = await subscribe(api, key, { url: broken.url, events: ["webhook.ping"] });
    await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig);
    const started = Date.parse((await api.call("GET", `/v1/webhooks/${hook.id}`, { key })).body.failingSince);
    expect(started).toBeGreaterThan(0);
    // Attempts at +0, +5 s and +5 min stay inside the 10 minutes; the one at +35 min does not.
    for (const expectEnabled of [true, true, false]) {
      const [row] = await deliveriesOf(api, hook.id);
      rig.clock.advance(Math.max(0, row!.nextAttemptAt.getTime() - rig.clock.now()) + 1);
      await settle(api, rig);
      const shown = await api.call("GET", `/v1/webhooks/${hook.id}`, { key });
      expect(shown.body.enabled).toBe(expectEnabled);
    }
    expect(broken.received).toHaveLength(4);
    const shown = await api.call("GET", `/v1/webhooks/${hook.id}`, { key });
    expect(shown.body.disabledReason).toMatch(
      /^every delivery failed since .* \([0-9.]+ h\); last: HTTP 500/,
    );
    const [row] = await deliveriesOf(api, hook.id);
    expect(row).toMatchObject({
      status: "cancelled",
      attempts: 4,
      lastStatusCode: 500,
      responseExcerpt: "boom",
    });
    expect((await disabledEvents(api, key)).map((e) => e.subjectId)).toEqual([hook.id]);
    expect(watcherReceiver.received).toHaveLength(1);

    // Re-enabling clears the failure record; the next ping goes out again.
    await broken.close();
    const fixed = await startReceiver(answer(200), broken.port);
    receivers.push(fixed);
    const on = await api.call("PATCH", `/v1/webhooks/${hook.id}`, { key, body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig);
    expect(fixed.received).toHaveLength(1);
  });
});
