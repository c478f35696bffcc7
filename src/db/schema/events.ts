import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Append-only audit log: one row per state change, written in the change's transaction. */
export const events = pgTable(
  "events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: uuid("id").notNull().unique(),
    tenantId: text("tenant_id").notNull(),
    type: text("type").notNull(),
    clusterId: uuid("cluster_id"),
    subjectId: text("subject_id"),
    actor: text("actor"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("events_tenant_seq_idx").on(t.tenantId, t.seq),
    index("events_tenant_cluster_idx").on(t.tenantId, t.clusterId, t.seq),
  ],
);
