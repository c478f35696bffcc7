import type { Db } from "../db/client.ts";
import { events } from "../db/schema/index.ts";
import { newId } from "../ids.ts";

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
 * event exists exactly when its change does.
 */
export async function recordEvent(tx: Db, input: EventInput): Promise<string> {
  const id = newId();
  await tx.insert(events).values({
    id,
    tenantId: input.tenantId,
    type: input.type,
    clusterId: input.clusterId ?? null,
    subjectId: input.subjectId ?? null,
    actor: input.actor ?? null,
    data: input.data ?? {},
  });
  return id;
}
