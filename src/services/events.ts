import type { Db } from "../db/client.ts";
import { events } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { fanOutToWebhooks } from "./webhooks-fanout.ts";

/** One audit event. `type` is dotted: `cluster.registered`, `run.failed`, `rollout.halted`… */
export interface EventInput {
  tenantId: string;
  type: string;
  clusterId?: string | null;
  subjectId?: string | null;
  actor?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends to the audit log. Call it inside the transaction of the change it describes, so an
 * event exists exactly when its change does. The event's webhook deliveries are written in
 * the same transaction, for the same reason.
 */
export async function recordEvent(tx: Db, input: EventInput): Promise<string> {
  const id = newId();
  const data = input.data ?? {};
  const clusterId = input.clusterId ?? null;
  const subjectId = input.subjectId ?? null;
  await tx.insert(events).values({
    id,
    tenantId: input.tenantId,
    type: input.type,
    clusterId,
    subjectId,
    actor: input.actor ?? null,
    data,
  });
  await fanOutToWebhooks(tx, { id, tenantId: input.tenantId, type: input.type, clusterId, subjectId, data });
  return id;
}
