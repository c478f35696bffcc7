/** What the workers log about deliveries: ids and outcomes, never a secret or a URL's path. */
import { afterAll, describe, expect } from "vitest";
import type { Logger } from "../../src/logger.ts";
import { type Receiver, startReceiver } from "../notify/receiver.ts";
import { apiTest as test } from "../support/api.ts";
import { settle, startRig, subscribe, type WebhookRig } from "./support.ts";

const lines: string[] = [];
function capturingLogger(bindings: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (obj: object, msg?: string) => {
    lines.push(JSON.stringify({ level, ...bindings, ...obj, msg }));
  };
  return {
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    debug: write("debug"),
    child: (more) => capturingLogger({ ...bindings, ...more }),
  };
}

let rig: WebhookRig | undefined;
let receiver: Receiver | undefined;
afterAll(async () => {
  await rig?.close();
  await receiver?.close();
});

describe("webhook logs", () => {
  test("carry ids and outcomes, never the signing secret or the URL path", async ({ api }) => {
    rig = await startRig(api, {}, capturingLogger());
    let machineCalls = 0;
    receiver = await startReceiver((req, res) => {
      const failFirst = req.url.startsWith("/hooks/") && machineCalls++ === 0;
      res.writeHead(failFirst ? 500 : 200);
      res.end();
    });
    const { secret: key } = await api.key("write");
    const machine = await subscribe(api, key, {
      url: `${receiver.url}/hooks/tok-machine-path`,
      events: ["webhook.ping"],
    });
    const chat = await subscribe(api, key, {
      url: `${receiver.url}/services/T0/B0/tok-slack-path`,
      format: "slack",
      events: ["webhook.ping"],
    });
    for (const hook of [machine, chat]) await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
    await settle(api, rig);
    rig.clock.advance(10_000);
    await settle(api, rig);

    const attempts = lines.filter((l) => l.includes("webhook attempt"));
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.some((l) => l.includes(machine.id) && l.includes('"outcome":"retry"'))).toBe(true);
    expect(attempts.some((l) => l.includes(chat.id))).toBe(true);
    const all = lines.join("\n");
    for (const secret of [
      machine.secret,
      chat.secret,
      machine.secret.slice(6),
      "tok-machine-path",
      "tok-slack-path",
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
