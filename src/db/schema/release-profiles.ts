import { jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import type { K8sObject } from "../../domain/manifests/types.ts";
import { releases } from "./releases.ts";

/** One rendered manifest set per Istio profile of a release (CRDs excluded). */
export const releaseProfiles = pgTable(
  "release_profiles",
  {
    releaseId: uuid("release_id")
      .notNull()
      .references(() => releases.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    objects: jsonb("objects").$type<K8sObject[]>().notNull(),
    digest: text("digest").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.name] })],
);
