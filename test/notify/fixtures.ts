/** Builders of events and rollout summaries for the notify tests (plain data, no I/O). */
import type { MeshEvent, RolloutSummary } from "../../src/notify/event.ts";

/** An event with stable defaults; override what the test cares about. */
export function meshEvent(overrides: Partial<MeshEvent> & Pick<MeshEvent, "id" | "type">): MeshEvent {
  return {
    tenantId: "ten_acme",
    occurredAt: "2025-03-04T05:06:07.000Z",
    data: {},
    ...overrides,
  };
}

/** A rollout summary; `failures` defaults to one entry per failed cluster. */
export function rolloutSummary(overrides: Partial<RolloutSummary> = {}): RolloutSummary {
  const failed = overrides.clustersFailed ?? 1;
  return {
    id: "ro_01HZX",
    name: "istio-1-24-prod",
    profile: "default",
    version: 3,
    state: "running",
    wave: 3,
    waves: 7,
    clustersTotal: 120,
    clustersReady: 41,
    clustersFailed: failed,
    failures: Array.from({ length: failed }, (_, i) => ({
      cluster: `prod-eu-${String(i + 1).padStart(3, "0")}`,
      reason: "ReadinessDeadlineExceeded",
      message: `Deployment istio-system/istiod has 0/2 available replicas after 600s (attempt ${i + 1})`,
    })),
    links: { rollout: "https://api.meshfleet.example/v1/rollouts/ro_01HZX" },
    ...overrides,
  };
}

/** A 500-cluster rollout with `failed` failures, each with long names and messages. */
export function hugeRollout(failed: number): RolloutSummary {
  return rolloutSummary({
    name: "global-mesh-upgrade-".repeat(10),
    wave: 9,
    waves: 12,
    clustersTotal: 500,
    clustersReady: 500 - failed - 20,
    clustersFailed: failed,
    failures: Array.from({ length: failed }, (_, i) => ({
      cluster: `cluster-${i}-${"x".repeat(150)}`,
      reason: "CrashLoopBackOff",
      message: `pod istiod-${i} restarted 12 times: ${"error ".repeat(100)}`,
    })),
  });
}
