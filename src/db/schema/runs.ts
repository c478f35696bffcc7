import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const RUN_KINDS = ["install", "uninstall"] as const;
export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "superseded", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What the engine applied; stored per run and per cluster for prune and drift. */
export type { InventoryEntry } from "../../k8s/inventory.ts";

import type { InventoryEntry } from "../../k8s/inventory.ts";

/**
 * One attempt to bring one cluster to one desired (profile, version), or to uninstall it.
 * Unique per (cluster, generation, kind): the same desired-state change never makes two runs.
 */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    clusterId: uuid("cluster_id").notNull(),
    kind: text("kind", { enum: RUN_KINDS }).notNull(),
    generation: integer("generation").notNull(),
    profile: text("profile"),
    profileVersion: integer("profile_version"),
    releaseVersion: text("release_version"),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    /** Options fixed when the run was created: keepCrds for uninstall, adopt for install. */
    options: jsonb("options").$type<{ keepCrds?: boolean; adopt?: boolean }>().notNull().default({}),
    inventory: jsonb("inventory").$type<InventoryEntry[]>(),
    errorReason: text("error_reason"),
    errorMessage: text("error_message"),
    retries: integer("retries").notNull().default(0),
    rolloutId: uuid("rollout_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("runs_cluster_generation_kind_uq").on(t.clusterId, t.generation, t.kind),
    index("runs_tenant_cluster_idx").on(t.tenantId, t.clusterId, t.id),
  ],
);
