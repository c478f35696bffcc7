import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** A tenant: every other row belongs to exactly one. */
export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
