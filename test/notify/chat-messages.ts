/** Chat messages shared by the per-format payload tests. */
import type { RolloutSummary } from "../../src/notify/event.ts";
import type { ChatMessage } from "../../src/notify/message.ts";
import { meshEvent, rolloutSummary } from "./fixtures.ts";

/** A wave-completed message for `rollout` (default: wave 3/7, 41/120 ready, 1 failed). */
export function waveMessage(rollout: RolloutSummary = rolloutSummary()): ChatMessage {
  const headline = meshEvent({
    id: "evt_w3",
    type: "rollout.wave.completed",
    rolloutId: rollout.id,
    data: { wave: 3 },
  });
  return { kind: "rollout", id: "evt_w3", rollout, headline, eventIds: ["evt_w3"] };
}

/** A lone ping, as `POST /v1/webhooks/{id}/test` sends it. */
export function pingMessage(): ChatMessage {
  const ping = meshEvent({ id: "evt_ping", type: "webhook.ping", data: { subscriptionId: "wh_1" } });
  return { kind: "events", id: "evt_ping", events: [ping], eventIds: ["evt_ping"] };
}
