import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { rollouts } from "./rollouts.ts";

/**
 * Membership of clusters in rollouts. The partial unique index makes "a cluster belongs to at
 * most one active rollout" a database guarantee, not a check that can race.
 */
export const rolloutClusters = pgTable(
  "rollout_clusters",
  {
    rolloutId: uuid("rollout_id")
      .notNull()
      .references(() => rollouts.id, { onDelete: "cascade" }),
    clusterId: uuid("cluster_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    wave: integer("wave").notNull(),
    active: boolean("active").notNull().default(true),
    runId: uuid("run_id"),
    previousProfile: text("previous_profile"),
    previousVersion: integer("previous_version"),
  },
  (t) => [
    primaryKey({ columns: [t.rolloutId, t.clusterId] }),
    uniqueIndex("rollout_clusters_one_active_uq").on(t.clusterId).where(sql`active`),
    index("rollout_clusters_cluster_idx").on(t.clusterId),
  ],
);
