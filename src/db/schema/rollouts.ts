import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants.ts";

export const ROLLOUT_STATES = [
  "Planned",
  "Running",
  "WaitingApproval",
  "Paused",
  "Halted",
  "RollingBack",
  "RolledBack",
  "Completed",
  "Aborted",
] as const;

/**
 * A fleet rollout. `plan` is fixed at creation (what runs is what was shown); `progress` is
 * the state machine's snapshot (src/domain/rollouts), rewritten by the rollout worker.
 */
export const rollouts = pgTable(
  "rollouts",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    profile: text("profile").notNull(),
    profileVersion: integer("profile_version").notNull(),
    selector: text("selector"),
    clusterNames: jsonb("cluster_names").$type<string[]>(),
    strategy: jsonb("strategy").$type<Record<string, unknown>>().notNull(),
    plan: jsonb("plan").$type<Record<string, unknown>>().notNull(),
    progress: jsonb("progress").$type<Record<string, unknown>>().notNull(),
    state: text("state", { enum: ROLLOUT_STATES }).notNull().default("Planned"),
    /** User commands (pause, resume, approve, abort, rollback) not yet consumed by the machine. */
    commands: jsonb("commands").$type<Record<string, unknown>[]>().notNull().default([]),
    wakeAt: timestamp("wake_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("rollouts_tenant_idx").on(t.tenantId, t.id)],
);
