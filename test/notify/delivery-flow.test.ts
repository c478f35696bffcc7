/**
 * Delivery attempts end to end (render, sign, send, classify) against real local receivers,
 * with an injected clock standing in for hours of retry schedule.
 */
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { type AttemptRecord, attemptDelivery } from "../../src/notify/attempt.ts";
import type { MeshEvent } from "../../src/notify/event.ts";
import { createWebhookSender } from "../../src/notify/send/sender.ts";
import { generateWebhookSecret } from "../../src/notify/sign.ts";
import { waveMessage } from "./chat-messages.ts";
import { meshEvent } from "./fixtures.ts";
import { answer, downPort, type Received, startReceiver } from "./receiver.ts";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

const T0 = Date.UTC(2025, 0, 1);
const noJitter = () => 0.5;

function newSender() {
  const s = createWebhookSender({ allowLoopback: true, allowInsecure: true });
  open.push(s);
  return s;
}

/** Checks a received request's signature with the independent standardwebhooks library. */
function verifiesWith(secret: string, r: Received): boolean {
  const id = String(r.headers["webhook-id"]);
  const ts = Number(r.headers["webhook-timestamp"]);
  const expected = new Webhook(secret).sign(id, new Date(ts * 1000), r.body);
  return String(r.headers["webhook-signature"]).split(" ").includes(expected);
}

/** Attempts one delivery until it settles, jumping the clock to each `retryAtMs`. */
async function deliverUntilSettled(
  attempt: (n: number, nowMs: number) => Promise<AttemptRecord>,
  beforeAttempt: (n: number) => Promise<void> = async () => {},
): Promise<{ records: AttemptRecord[]; times: number[] }> {
  const records: AttemptRecord[] = [];
  const times: number[] = [];
  let now = T0;
  for (let n = 1; n <= 10; n++) {
    await beforeAttempt(n);
    times.push(now - T0);
    const rec = await attempt(n, now);
    records.push(rec);
    if (rec.outcome.outcome !== "retry") break;
    now = rec.outcome.retryAtMs!;
  }
  return { records, times };
}

describe("delivery attempts", () => {
  it("retries on schedule while the receiver is down and delivers once it is up", async () => {
    const port = await downPort();
    const secret = generateWebhookSecret();
    const event = meshEvent({ id: "evt_down_up", type: "run.failed", clusterId: "c1" });
    const sender = newSender();
    const { records, times } = await deliverUntilSettled(
      (attempt, nowMs) =>
        attemptDelivery(sender.send, {
          subscription: { url: `http://127.0.0.1:${port}/hook`, format: "standard", secrets: [secret] },
          input: { kind: "event", event },
          attempt,
          nowMs,
          random: noJitter,
        }),
      async (n) => {
        if (n === 4) open.push(await startReceiver(answer(204), port));
      },
    );
    // Immediately, +5 s, +5 min, +30 min: the Standard Webhooks schedule.
    expect(times).toEqual([0, 5000, 305_000, 2_105_000]);
    expect(records.map((r) => r.outcome.outcome)).toEqual(["retry", "retry", "retry", "delivered"]);
    expect(records[0]!.result.error?.code).toBe("connect");
    expect(new Set(records.map((r) => r.webhookId))).toEqual(new Set(["evt_down_up"]));
  });

  it("delivers every event exactly once per webhook-id through a flaky receiver, signed verifiably", async () => {
    const secret = generateWebhookSecret();
    // Fails every other request: the same webhook-id arrives more than once, never lost.
    const answered: number[] = [];
    const flaky = await startReceiver((_req, res, i) => {
      const status = i % 2 === 0 ? 503 : 200;
      answered.push(status);
      res.writeHead(status, status === 503 ? { "retry-after": "2" } : {});
      res.end();
    });
    open.push(flaky);
    const sender = newSender();
    const events: MeshEvent[] = Array.from({ length: 20 }, (_, i) =>
      meshEvent({ id: `evt_${i}`, type: "rollout.wave.completed", rolloutId: "ro_1", data: { wave: i } }),
    );
    for (const event of events) {
      const { records, times } = await deliverUntilSettled((attempt, nowMs) =>
        attemptDelivery(sender.send, {
          subscription: { url: flaky.url, format: "standard", secrets: [secret] },
          input: { kind: "event", event },
          attempt,
          nowMs,
          random: noJitter,
        }),
      );
      expect(records.map((r) => r.outcome.outcome)).toEqual(["retry", "delivered"]);
      expect(times).toEqual([0, 2000]);
    }
    const byId = new Map<string, { copies: Received[]; delivered: number }>();
    flaky.received.forEach((r, i) => {
      const entry = byId.get(String(r.headers["webhook-id"])) ?? { copies: [], delivered: 0 };
      entry.copies.push(r);
      if (answered[i] === 200) entry.delivered++;
      byId.set(String(r.headers["webhook-id"]), entry);
    });
    expect([...byId.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    for (const [id, { copies, delivered }] of byId) {
      expect(delivered, id).toBe(1);
      // Every copy of one webhook-id is the same logical event: same body, each signed verifiably.
      expect(new Set(copies.map((c) => c.body)).size, id).toBe(1);
      for (const c of copies) expect(verifiesWith(secret, c)).toBe(true);
    }
  });

  it("honours Retry-After from a 429 when scheduling the next attempt", async () => {
    const r = await startReceiver((_req, res, i) => {
      res.writeHead(i === 0 ? 429 : 200, i === 0 ? { "retry-after": "42" } : {});
      res.end();
    });
    open.push(r);
    const sender = newSender();
    const { times, records } = await deliverUntilSettled((attempt, nowMs) =>
      attemptDelivery(sender.send, {
        subscription: { url: r.url, format: "slack", secrets: [] },
        input: waveMessage(),
        attempt,
        nowMs,
      }),
    );
    expect(times).toEqual([0, 42_000]);
    expect(records.at(-1)!.outcome.outcome).toBe("delivered");
    // Chat services do not verify signatures: none are sent to them.
    expect(r.received[0]!.headers["webhook-signature"]).toBeUndefined();
  });

  it("stops and asks to disable the subscription on 410", async () => {
    const r = await startReceiver(answer(410));
    open.push(r);
    const sender = newSender();
    const { records } = await deliverUntilSettled((attempt, nowMs) =>
      attemptDelivery(sender.send, {
        subscription: { url: r.url, format: "cloudevents", secrets: [generateWebhookSecret()] },
        input: { kind: "event", event: meshEvent({ id: "evt_gone", type: "cluster.drifted" }) },
        attempt,
        nowMs,
      }),
    );
    expect(records.map((x) => x.outcome.outcome)).toEqual(["disable"]);
    expect(r.received[0]!.headers["content-type"]).toBe("application/cloudevents+json");
  });

  it("adds Google Chat's thread reply option to the URL", async () => {
    const r = await startReceiver(answer(200, { "content-type": "application/json" }, "{}"));
    open.push(r);
    await attemptDelivery(newSender().send, {
      subscription: {
        url: `${r.url}/v1/spaces/AAA/messages?key=k&token=t`,
        format: "googlechat",
        secrets: [],
      },
      input: waveMessage(),
      attempt: 1,
      nowMs: T0,
    });
    expect(r.received[0]!.url).toBe(
      "/v1/spaces/AAA/messages?key=k&token=t&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
    );
  });
});
