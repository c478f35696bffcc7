/** Audit events as notifications see them (`src/notify/event.ts`). Pure. */
import type { events } from "../db/schema/index.ts";
import type { MeshEvent } from "../notify/event.ts";

export type EventRow = typeof events.$inferSelect;

/**
 * The rollout an event belongs to, as the event itself records it: run events carry
 * `data.rolloutId`, rollout events name the rollout as their subject.
 */
export function eventRolloutId(row: Pick<EventRow, "type" | "subjectId" | "data">): string | undefined {
  const fromData = row.data.rolloutId;
  if (typeof fromData === "string" && fromData !== "") return fromData;
  if (row.type.startsWith("rollout.") && row.subjectId) return row.subjectId;
  return undefined;
}

/**
 * The notification view of an event row. Machine formats call it without `extra`, so a
 * retried delivery renders the same bytes however the cluster or rollout changed since.
 */
export function toMeshEvent(
  row: EventRow,
  extra: { rolloutId?: string; clusterName?: string } = {},
): MeshEvent {
  const rolloutId = extra.rolloutId ?? eventRolloutId(row);
  return {
    id: row.id,
    type: row.type,
    tenantId: row.tenantId,
    occurredAt: row.createdAt.toISOString(),
    ...(row.clusterId ? { clusterId: row.clusterId } : {}),
    ...(extra.clusterName ? { clusterName: extra.clusterName } : {}),
    ...(rolloutId ? { rolloutId } : {}),
    data: row.data,
  };
}
