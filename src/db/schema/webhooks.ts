import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { WEBHOOK_FORMATS } from "../../notify/message.ts";
import { tenants } from "./tenants.ts";

export { WEBHOOK_FORMATS };

/** Webhook subscriptions. Signing secrets are stored only as AES-GCM envelopes. */
export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    url: text("url").notNull(),
    format: text("format", { enum: WEBHOOK_FORMATS }).notNull(),
    /** Event type filters with globs, e.g. `rollout.*`, `run.failed`. */
    events: jsonb("events").$type<string[]>().notNull(),
    /** Optional label selector on the event's cluster. */
    selector: text("selector"),
    description: text("description"),
    enabled: boolean("enabled").notNull().default(true),
    secretSealed: text("secret_sealed").notNull(),
    /** The secret before the last rotation, still signed with until it expires. */
    previousSecretSealed: text("previous_secret_sealed"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    /** Since when every delivery has failed; cleared by any success. */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    disabledReason: text("disabled_reason"),
    /** Chat aggregation state (src/notify/aggregate.ts), persisted between sends. */
    aggregatorState: jsonb("aggregator_state"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhooks_tenant_idx").on(t.tenantId, t.id)],
);
