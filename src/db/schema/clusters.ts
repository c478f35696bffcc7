import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { InventoryEntry } from "./runs.ts";
import { tenants } from "./tenants.ts";

/** Observed phase of a cluster's mesh, written by the workers. */
export const CLUSTER_PHASES = [
  "Pending",
  "Installing",
  "Ready",
  "Failed",
  "Drifted",
  "Uninstalling",
  "Uninstalled",
] as const;
export type ClusterPhase = (typeof CLUSTER_PHASES)[number];

/**
 * Registered clusters. The kubeconfig is stored only as an AES-GCM envelope; `server`,
 * `authKind` and `fingerprint` are what responses show instead.
 */
export const clusters = pgTable(
  "clusters",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    kubeconfigSealed: text("kubeconfig_sealed").notNull(),
    kubeconfigContext: text("kubeconfig_context"),
    allowInsecureTls: boolean("allow_insecure_tls").notNull().default(false),
    server: text("server").notNull(),
    authKind: text("auth_kind", { enum: ["token", "clientCertificate"] }).notNull(),
    fingerprint: text("fingerprint").notNull(),
    credentialsVersion: integer("credentials_version").notNull().default(1),
    /** Bumped on every change of the row's user-visible fields; the ETag. */
    revision: integer("revision").notNull().default(1),
    desiredProfile: text("desired_profile"),
    desiredVersion: integer("desired_version"),
    /** Bumped on every desired-state change; install jobs are keyed by it. */
    desiredGeneration: integer("desired_generation").notNull().default(0),
    desiredUninstall: boolean("desired_uninstall").notNull().default(false),
    phase: text("phase", { enum: CLUSTER_PHASES }).notNull().default("Pending"),
    observedRelease: text("observed_release"),
    observedProfile: text("observed_profile"),
    observedVersion: integer("observed_version"),
    observedGeneration: integer("observed_generation"),
    lastRunId: uuid("last_run_id"),
    /** What the last successful run applied: prune and drift read it. */
    inventory: jsonb("inventory").$type<InventoryEntry[]>(),
    /** Hash of the last drift reported, so one change is reported once. */
    driftFingerprint: text("drift_fingerprint"),
    driftCheckedAt: timestamp("drift_checked_at", { withTimezone: true }),
    /** Which worker holds the cluster, and until when: one run touches a cluster at a time. */
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("clusters_tenant_name_uq").on(t.tenantId, t.name),
    index("clusters_tenant_id_idx").on(t.tenantId, t.id),
    index("clusters_labels_gin").using("gin", sql`${t.labels} jsonb_path_ops`),
  ],
);
