/** Picks the single event a machine format delivers. */
import type { MeshEvent } from "../event.ts";
import type { DeliveryInput } from "../message.ts";

/**
 * Machine receivers get exactly one event per delivery (one `webhook-id` each), so an
 * aggregated chat message with several events is a caller bug, not something to guess about.
 */
export function singleEvent(input: DeliveryInput): MeshEvent {
  if (input.kind === "event") return input.event;
  if (input.kind === "rollout") return input.headline;
  if (input.events.length === 1 && input.events[0]) return input.events[0];
  throw new TypeError("machine formats deliver exactly one event per delivery");
}

/** The event's payload with its identifiers; the identifiers win over same-named data keys. */
export function eventData(event: MeshEvent): Record<string, unknown> {
  return {
    ...event.data,
    ...(event.clusterId !== undefined ? { clusterId: event.clusterId } : {}),
    ...(event.clusterName !== undefined ? { clusterName: event.clusterName } : {}),
    ...(event.rolloutId !== undefined ? { rolloutId: event.rolloutId } : {}),
  };
}
