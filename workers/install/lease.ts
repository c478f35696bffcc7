import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters } from "../../src/db/schema/index.ts";

/**
 * A time-limited claim on one cluster, held in its row: across any number of worker
 * processes only the holder touches the cluster. A crashed holder's claim lapses after
 * `seconds`, which is what lets another worker resume its run.
 */
export async function acquireLease(
  db: Db,
  clusterId: string,
  owner: string,
  seconds: number,
): Promise<boolean> {
  const [row] = await db
    .update(clusters)
    .set({ leaseOwner: owner, leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
    .where(
      and(
        eq(clusters.id, clusterId),
        or(isNull(clusters.leaseOwner), eq(clusters.leaseOwner, owner), lt(clusters.leaseUntil, sql`now()`)),
      ),
    )
    .returning({ id: clusters.id });
  return row !== undefined;
}

/** Extends a held lease; false when it was lost (expired and taken by another worker). */
export async function renewLease(
  db: Db,
  clusterId: string,
  owner: string,
  seconds: number,
): Promise<boolean> {
  const [row] = await db
    .update(clusters)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
    .where(and(eq(clusters.id, clusterId), eq(clusters.leaseOwner, owner)))
    .returning({ id: clusters.id });
  return row !== undefined;
}

/** Gives the cluster back. */
export async function releaseLease(db: Db, clusterId: string, owner: string): Promise<void> {
  await db
    .update(clusters)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(clusters.id, clusterId), eq(clusters.leaseOwner, owner)));
}
