import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { outbox } from "../db/schema/index.ts";

/** Channel the relay LISTENs on; NOTIFY inside a transaction is delivered at commit. */
export const OUTBOX_CHANNEL = "meshfleet_outbox";

/**
 * Queues work for the workers, inside the caller's transaction: if the change rolls back, so
 * does the job. Payloads carry ids only.
 */
export async function enqueueOutbox(
  tx: Db,
  input: { tenantId: string; job: string; payload: Record<string, string | number | boolean | null> },
): Promise<number> {
  const [row] = await tx
    .insert(outbox)
    .values({ tenantId: input.tenantId, job: input.job, payload: input.payload })
    .returning({ id: outbox.id });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return row!.id;
}
