import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { meshProfiles } from "./mesh-profiles.ts";

/** Stored overlay: a JSON merge patch aimed at one object of the release profile. */
export interface StoredOverlay {
  target: { kind: string; name: string; namespace?: string };
  patch: Record<string, unknown>;
}

export const DRIFT_POLICIES = ["notify", "heal", "ignore"] as const;

/** One immutable, numbered version of a mesh profile. */
export const meshProfileVersions = pgTable(
  "mesh_profile_versions",
  {
    profileId: uuid("profile_id")
      .notNull()
      .references(() => meshProfiles.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull(),
    version: integer("version").notNull(),
    releaseVersion: text("release_version").notNull(),
    istioProfile: text("istio_profile").notNull(),
    namespace: text("namespace").notNull(),
    revision: text("revision"),
    overlays: jsonb("overlays").$type<StoredOverlay[]>().notNull(),
    driftPolicy: text("drift_policy", { enum: DRIFT_POLICIES }).notNull(),
    waitTimeoutSeconds: integer("wait_timeout_seconds").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.version] })],
);
