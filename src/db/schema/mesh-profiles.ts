import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants.ts";

/** A named mesh profile; its content lives in immutable `mesh_profile_versions`. */
export const meshProfiles = pgTable(
  "mesh_profiles",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    latestVersion: integer("latest_version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("mesh_profiles_tenant_name_uq").on(t.tenantId, t.name),
    index("mesh_profiles_tenant_id_idx").on(t.tenantId, t.id),
  ],
);
