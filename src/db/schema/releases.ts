import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { K8sObject } from "../../domain/manifests/types.ts";
import { tenants } from "./tenants.ts";

/** Uploaded Istio releases: immutable once written. Profiles live in `release_profiles`. */
export const releases = pgTable(
  "releases",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    version: text("version").notNull(),
    kubernetesMin: text("kubernetes_min").notNull(),
    kubernetesMax: text("kubernetes_max").notNull(),
    crds: jsonb("crds").$type<K8sObject[]>().notNull(),
    contentDigest: text("content_digest").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("releases_tenant_version_uq").on(t.tenantId, t.version)],
);
