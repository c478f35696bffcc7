/**
 * What one delivery carries. Machine formats deliver one event per delivery; chat formats
 * deliver the messages the aggregator decided on, which may fold many events into one.
 */
import type { MeshEvent, RolloutSummary } from "./event.ts";

/** Every format a subscription can ask for. */
export const WEBHOOK_FORMATS = [
  "standard",
  "cloudevents",
  "slack",
  "teams",
  "discord",
  "googlechat",
] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Formats read by people; their events go through the chat aggregator. */
export type ChatFormat = "slack" | "teams" | "discord" | "googlechat";

/** True for formats whose events are aggregated into chat messages. */
export function isChatFormat(format: WebhookFormat): format is ChatFormat {
  return format !== "standard" && format !== "cloudevents";
}

/**
 * A chat message. `id` is derived from the events it carries, so re-sending the same message
 * uses the same id; `eventIds` lists every event the message accounts for, so the caller can
 * settle those events' deliveries when it is sent.
 */
export type ChatMessage =
  | {
      kind: "rollout";
      id: string;
      rollout: RolloutSummary;
      /** The event that decided the message's title (a halt outranks a wave, a wave a run). */
      headline: MeshEvent;
      eventIds: string[];
    }
  | { kind: "events"; id: string; events: MeshEvent[]; eventIds: string[] };

/** Input of `renderDelivery`: a single event (any format) or an aggregated chat message. */
export type DeliveryInput = { kind: "event"; event: MeshEvent } | ChatMessage;
