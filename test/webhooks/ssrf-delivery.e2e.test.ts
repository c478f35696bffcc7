/**
 * The SSRF guard at delivery time: the API accepted the URL (loopback allowed there), but the
 * workers do not allow loopback, so nothing may connect, whatever the name resolves to.
 */
import { afterAll, describe, expect } from "vitest";
import { answer, type Receiver, startReceiver } from "../notify/receiver.ts";
import { apiTest as test } from "../support/api.ts";
import { deliveriesOf, settle, startRig, subscribe, type WebhookRig } from "./support.ts";

let rig: WebhookRig | undefined;
let receiver: Receiver | undefined;
afterAll(async () => {
  await rig?.close();
  await receiver?.close();
});

describe("SSRF guard at delivery", () => {
  test("a URL resolving to a blocked address is refused before any connection", async ({ api }) => {
    rig = await startRig(api, { allowLoopbackWebhooks: false });
    receiver = await startReceiver(answer(200));
    const { secret: key } = await api.key("write");
    const byName = await subscribe(api, key, {
      url: `http://localhost:${receiver.port}/`,
      events: ["webhook.ping"],
    });
    const byAddress = await subscribe(api, key, { url: `${receiver.url}/`, events: ["webhook.ping"] });
    for (const hook of [byName, byAddress]) await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig);

    expect(receiver.connections()).toBe(0);
    const [named] = await deliveriesOf(api, byName.id);
    expect(named).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(named!.lastError).toMatch(/^blocked: localhost resolves to .*, which is loopback/);
    const [literal] = await deliveriesOf(api, byAddress.id);
    expect(literal!.lastError).toMatch(/^blocked: address 127\.0\.0\.1 is loopback/);
  });
});
