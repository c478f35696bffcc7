/** Every table, for drizzle's schema-aware client and drizzle-kit. */
export * from "./api-keys.ts";
export * from "./clusters.ts";
export * from "./events.ts";
export * from "./idempotency-keys.ts";
export * from "./mesh-profile-versions.ts";
export * from "./mesh-profiles.ts";
export * from "./outbox.ts";
export * from "./rate-limits.ts";
export * from "./release-profiles.ts";
export * from "./releases.ts";
export * from "./rollout-clusters.ts";
export * from "./rollouts.ts";
export * from "./run-steps.ts";
export * from "./runs.ts";
export * from "./tenants.ts";
export * from "./webhook-deliveries.ts";
export * from "./webhooks.ts";
