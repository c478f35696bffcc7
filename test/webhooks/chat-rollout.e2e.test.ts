/**
 * A whole rollout's events, recorded as the workers record them, reach a Slack endpoint as a
 * short sequence of readable messages (not one per cluster), at most one per second, with
 * every event accounted for.
 */
import { afterAll, describe, expect } from "vitest";
import { SLACK_LIMITS } from "../../src/notify/formats/slack.ts";
import { recordEvent } from "../../src/services/events.ts";
import { processChat } from "../../workers/webhooks/chat.ts";
import { createWebhookProcessor } from "../../workers/webhooks/processor.ts";
import { answer, type Receiver, startReceiver } from "../notify/receiver.ts";
import { apiTest as test } from "../support/api.ts";
import { rolloutScenario } from "./rollout-scenario.ts";
import { deliveriesOf, quietLogger, settle, startRig, subscribe, type WebhookRig } from "./support.ts";

let rig: WebhookRig | undefined;
let slack: Receiver | undefined;
afterAll(async () => {
  await rig?.close();
  await slack?.close();
});

interface SlackBody {
  text: string;
  blocks: { type: string; text?: { text: string } }[];
}

describe("chat messages of a whole rollout", () => {
  test("3 waves x 4 clusters with one failure become 6 Slack messages", async ({ api }) => {
    rig = await startRig(api, { rolloutPollMs: 3_600_000 });
    slack = await startReceiver(answer(200, { "content-type": "text/plain" }, "ok"));
    const { secret: key, tenant } = await api.key("write");
    const hook = await subscribe(api, key, {
      url: `${slack.url}/services/T000/B000/XXXX`,
      format: "slack",
      events: ["rollout.*", "run.*"],
    });
    const scenario = await rolloutScenario(api, tenant, {
      waves: 3,
      perWave: 4,
      failing: new Set(["c-2-4"]),
      waveMs: 60_000,
    });
    const start = rig.clock.now();
    for (const step of scenario.steps) {
      rig.clock.advance(Math.max(0, start + step.at - rig.clock.now()));
      await api.database.db.transaction((tx) => step.run(tx));
      await settle(api, rig, hook.id);
    }
    // What is still held back for the one-second gap goes out as time passes.
    for (let i = 0; i < 5; i++) {
      rig.clock.advance(1000);
      await settle(api, rig, hook.id);
    }

    const bodies = slack.received.map((r) => JSON.parse(r.body) as SlackBody);
    const headers = bodies.map((b) => b.blocks[0]!.text!.text);
    expect(headers).toEqual([
      ":information_source: Rollout istio-fleet: started",
      ":information_source: Rollout istio-fleet: wave 1/3 completed",
      ":warning: Rollout istio-fleet: cluster c-2-4 failed",
      ":warning: Rollout istio-fleet: wave 2/3 completed",
      ":warning: Rollout istio-fleet: wave 3/3 completed",
      ":warning: Rollout istio-fleet: completed",
    ]);
    expect(bodies.at(-1)!.text).toContain("wave 3/3 · 11/12 clusters ready · 1 failed");
    const failures = JSON.stringify(bodies.at(-1)!.blocks);
    expect(failures).toContain("c-2-4");
    expect(failures).toContain("ReadinessDeadlineExceeded: istiod 0/2 ready");
    expect(failures).toContain(`/v1/rollouts/${scenario.rolloutId}`);
    for (const b of bodies) expect(b.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    // Chat services do not verify signatures: none are sent.
    expect(slack.received.every((r) => r.headers["webhook-signature"] === undefined)).toBe(true);

    // Every event is accounted for: folded into a summary, or carried by a delivered message.
    const rows = await deliveriesOf(api, hook.id);
    expect(rows).toHaveLength(scenario.eventCount());
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    expect(byStatus("pending")).toEqual([]);
    expect(byStatus("delivered").map((r) => r.eventType)).toEqual([
      "rollout.started",
      "rollout.wave.completed",
      "run.failed",
      "rollout.wave.completed",
      "rollout.wave.completed",
      "rollout.completed",
    ]);
    expect(new Set(byStatus("absorbed").map((r) => r.eventType))).toEqual(
      new Set(["rollout.wave.started", "run.started", "run.step.completed", "run.succeeded"]),
    );
    const folded = byStatus("absorbed")[0]!;
    const again = await api.call("POST", `/v1/webhooks/${hook.id}/deliveries/${folded.id}/redeliver`, {
      key,
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/folded into a rollout summary/);
    // At most one message per second to the endpoint (by the workers' clock).
    const sentAt = byStatus("delivered").map((r) => r.deliveredAt!.getTime());
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(1000);
  });
});

describe("chat endpoints that push back", () => {
  test("a 503 with Retry-After holds the message; what arrives meanwhile is coalesced, not queued", async ({
    api,
  }) => {
    rig ??= await startRig(api, { rolloutPollMs: 3_600_000 });
    const chat = await startReceiver((_req, res, i) => {
      res.writeHead(i === 0 ? 503 : 200, i === 0 ? { "retry-after": "30" } : {});
      res.end();
    });
    const { secret: key, tenant } = await api.key("write");
    const hook = await subscribe(api, key, {
      url: `${chat.url}/v1/spaces/AAA/messages`,
      format: "googlechat",
      events: ["cluster.*"],
    });
    try {
      await api.database.db.transaction(async (tx) => {
        for (const name of ["a", "b", "c"]) {
          await recordEvent(tx, {
            tenantId: tenant,
            type: "cluster.drifted",
            data: { name, policy: "notify" },
          });
        }
      });
      await settle(api, rig, hook.id);
      expect(chat.received).toHaveLength(1);
      rig.clock.advance(30_000);
      await settle(api, rig, hook.id);
      rig.clock.advance(1000);
      await settle(api, rig, hook.id);

      const cards = chat.received.map((r) => JSON.parse(r.body).cardsV2[0].card.header.title as string);
      expect(cards).toEqual(["Cluster a drifted", "Cluster a drifted", "2 events"]);
      const rows = await deliveriesOf(api, hook.id);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual([
        ["delivered", 2],
        ["delivered", 1],
        ["delivered", 1],
      ]);
    } finally {
      await chat.close();
    }
  });
});

describe("one message in flight per chat endpoint", () => {
  test("runs racing on one endpoint send its message once", async ({ api }) => {
    rig ??= await startRig(api, { rolloutPollMs: 3_600_000 });
    const slow = await startReceiver((_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end();
      }, 300);
    });
    const processor = createWebhookProcessor({
      db: api.database.db,
      keyRing: api.keyRing,
      logger: quietLogger(),
      allowLoopback: true,
      allowInsecure: true,
      disableAfterSeconds: 3600,
      publicUrl: "http://127.0.0.1:8080",
      clock: rig.clock.now,
    });
    try {
      const { secret: key } = await api.key("write");
      const hook = await subscribe(api, key, { url: slow.url, format: "discord", events: ["webhook.ping"] });
      await api.call("POST", `/v1/webhooks/${hook.id}/test`, { key });
      const runs = await Promise.allSettled(
        Array.from({ length: 4 }, () => processChat(processor.deps, hook.id)),
      );
      await settle(api, rig, hook.id);
      expect(runs.some((r) => r.status === "fulfilled" && r.value === "delivered")).toBe(true);
      expect(slow.received).toHaveLength(1);
      expect(JSON.parse(slow.received[0]!.body).allowed_mentions).toEqual({ parse: [] });
      expect((await deliveriesOf(api, hook.id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
    } finally {
      await processor.close();
      await slow.close();
    }
  });
});
