/**
 * Events to real local receivers through the whole path: the event's transaction writes the
 * delivery, the dispatcher hands it to BullMQ, the worker signs and sends it. Signatures are
 * checked with the independent `standardwebhooks` library.
 */
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, describe, expect } from "vitest";
import { answer, type Receiver, startReceiver } from "../notify/receiver.ts";
import { type ApiHarness, apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { deliveriesOf, settle, startRig, subscribe, type WebhookRig } from "./support.ts";

let rig: WebhookRig | undefined;
const receivers: Receiver[] = [];
afterAll(async () => {
  await rig?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function setup(api: ApiHarness) {
  rig ??= await startRig(api);
  const receiver = await startReceiver(answer(200, { "content-type": "text/plain" }, "thanks"));
  receivers.push(receiver);
  const { secret: key } = await api.key("write");
  return { rig, receiver, key };
}

function headersOf(r: Receiver, i: number): Record<string, string> {
  const h = r.received[i]!.headers;
  return {
    "webhook-id": String(h["webhook-id"]),
    "webhook-timestamp": String(h["webhook-timestamp"]),
    "webhook-signature": String(h["webhook-signature"]),
  };
}

describe("webhook delivery end to end", () => {
  test("an event reaches a standard receiver once, signed verifiably", async ({ api }) => {
    const { rig, receiver, key } = await setup(api);
    const hook = await subscribe(api, key, { url: `${receiver.url}/hook`, events: ["cluster.*"] });
    const cluster = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "eu-1", labels: { env: "prod" }, kubeconfig: tokenKubeconfig() },
    });
    expect(cluster.status).toBe(201);
    await settle(api, rig);

    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0]!;
    expect(req.url).toBe("/hook");
    expect(req.headers["content-type"]).toBe("application/json");
    const payload = new Webhook(hook.secret).verify(req.body, headersOf(receiver, 0));
    expect(payload).toMatchObject({
      type: "cluster.registered",
      data: { clusterId: cluster.body.id, name: "eu-1" },
    });
    expect(() =>
      new Webhook(hook.secret).verify(req.body.replace("eu-1", "eu-2"), headersOf(receiver, 0)),
    ).toThrow(WebhookVerificationError);

    const [delivery] = await deliveriesOf(api, hook.id);
    expect(delivery).toMatchObject({
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
      responseExcerpt: "thanks",
    });
    expect(req.headers["webhook-id"]).toBe(delivery!.eventId);
    const listed = await api.call("GET", `/v1/webhooks/${hook.id}/deliveries`, { key });
    expect(listed.body.items[0]).toMatchObject({
      status: "delivered",
      attempts: 1,
      nextAttemptAt: null,
      response: { statusCode: 200, excerpt: "thanks" },
      error: null,
    });
    expect(listed.body.items[0].response.durationMs).toBeGreaterThanOrEqual(0);
    expect(listed.body.items[0].deliveredAt).not.toBeNull();
  });

  test("during a secret rotation both the old and the new secret verify", async ({ api }) => {
    const { rig, receiver, key } = await setup(api);
    const hook = await subscribe(api, key, { url: receiver.url, events: ["webhook.ping"] });
    const rotated = await api.call("POST", `/v1/webhooks/${hook.id}/rotate-secret`, { key });
    expect((await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key })).status).toBe(202);
    await settle(api, rig);
    expect(receiver.received).toHaveLength(1);
    const { body } = receiver.received[0]!;
    expect(headersOf(receiver, 0)["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(hook.secret).verify(body, headersOf(receiver, 0))).toMatchObject({
      type: "webhook.ping",
    });
    expect(new Webhook(rotated.body.secret).verify(body, headersOf(receiver, 0))).toMatchObject({
      type: "webhook.ping",
    });
  });

  test("cloudevents: structured mode, signed, the event id as CloudEvent id and webhook-id", async ({
    api,
  }) => {
    const { rig, receiver, key } = await setup(api);
    const hook = await subscribe(api, key, { url: receiver.url, format: "cloudevents", events: ["*"] });
    const ping = await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig);
    const req = receiver.received[0]!;
    expect(req.headers["content-type"]).toBe("application/cloudevents+json");
    const envelope = new Webhook(hook.secret).verify(req.body, headersOf(receiver, 0));
    expect(envelope).toMatchObject({
      specversion: "1.0",
      id: ping.body.eventId,
      type: "io.meshfleet.webhook.ping",
      data: { webhookId: hook.id },
    });
    expect(req.headers["webhook-id"]).toBe(ping.body.eventId);
  });

  test("redeliver sends the same event again under the same webhook-id", async ({ api }) => {
    const { rig, receiver, key } = await setup(api);
    const hook = await subscribe(api, key, { url: receiver.url, events: ["webhook.ping"] });
    const ping = await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig);
    const again = await api.call(
      "POST",
      `/v1/webhooks/${hook.id}/deliveries/${ping.body.deliveryId}/redeliver`,
      { key },
    );
    expect(again.status).toBe(202);
    await settle(api, rig);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([
      ping.body.eventId,
      ping.body.eventId,
    ]);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    const [row] = await deliveriesOf(api, hook.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 1 });
  });
});
