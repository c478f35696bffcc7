/** The `standard` format: the Standard Webhooks payload shape `{type, timestamp, data}`. */
import type { DeliveryInput } from "../message.ts";
import { eventData, singleEvent } from "./machine-event.ts";
import type { RenderedDelivery } from "./types.ts";

/** Renders one event as a Standard Webhooks JSON body (signed by the caller). */
export function renderStandard(input: DeliveryInput): RenderedDelivery {
  const event = singleEvent(input);
  return {
    contentType: "application/json",
    body: JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: eventData(event) }),
  };
}
