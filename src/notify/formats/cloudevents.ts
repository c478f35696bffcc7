/** The `cloudevents` format: CloudEvents 1.0 in structured mode (signed like `standard`). */
import type { DeliveryInput } from "../message.ts";
import { eventData, singleEvent } from "./machine-event.ts";
import type { RenderedDelivery, RenderOptions } from "./types.ts";

/** CloudEvents asks for reverse-DNS prefixed types; receivers filter on the full string. */
export const CLOUDEVENTS_TYPE_PREFIX = "io.meshfleet.";

/** Renders one event as a structured-mode CloudEvent. */
export function renderCloudEvents(input: DeliveryInput, options: RenderOptions = {}): RenderedDelivery {
  const event = singleEvent(input);
  const subject = event.clusterId ?? event.rolloutId;
  const envelope = {
    specversion: "1.0",
    id: event.id,
    source: options.cloudEventsSource ?? `/meshfleet/tenants/${event.tenantId}`,
    type: CLOUDEVENTS_TYPE_PREFIX + event.type,
    ...(subject !== undefined ? { subject } : {}),
    time: event.occurredAt,
    datacontenttype: "application/json",
    data: eventData(event),
  };
  return { contentType: "application/cloudevents+json", body: JSON.stringify(envelope) };
}
