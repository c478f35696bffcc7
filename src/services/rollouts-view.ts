import { countClusters, etaSeconds, type RolloutPlan, type RolloutState } from "../domain/rollouts/index.ts";
import {
  type RolloutRecord,
  type RolloutRow,
  type StoredCluster,
  type StoredWave,
  snapshotOf,
} from "./rollouts.ts";
import type { ClusterDiff } from "./rollouts-diff.ts";

/** A wave as callers see it. `soaking`: finished, and the soak keeps the next wave waiting. */
export type WaveStatus = "pending" | "waitingApproval" | "running" | "soaking" | "completed";

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const runLink = (id: string | null | undefined) => (id ? { id, href: `/v1/runs/${id}` } : null);

function waveStatus(
  wave: StoredWave,
  next: StoredWave | undefined,
  progress: { state: RolloutState; currentWave: number },
  soakMs: number,
  nowMs: number,
) {
  const { state, currentWave } = progress;
  if (wave.completedAt != null) {
    const nextWaiting = next !== undefined && next.startedAt == null;
    return nextWaiting && state === "Running" && nowMs < wave.completedAt + soakMs ? "soaking" : "completed";
  }
  if (wave.startedAt != null) return "running";
  return state === "WaitingApproval" && wave.index === currentWave + 1 ? "waitingApproval" : "pending";
}

function clusterView(cluster: StoredCluster) {
  return {
    id: cluster.id,
    name: cluster.name,
    status: cluster.status,
    alreadyAtTarget: cluster.alreadyAtTarget,
    previous: cluster.previous
      ? { profile: cluster.previous.profile, version: Number(cluster.previous.version) }
      : null,
    reason: cluster.reason ?? null,
    run: runLink(cluster.runId),
    rollbackRun: runLink(cluster.rollbackRunId),
  };
}

/** The short form used by lists and action responses. */
export function toRolloutSummary(record: { row: Omit<RolloutRow, "plan" | "progress" | "commands"> }) {
  const { row } = record;
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    target: { profile: row.profile, version: row.profileVersion },
    selector: row.selector,
    clusterNames: row.clusterNames,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * The status of a rollout: state, counts, ETA, and every wave and cluster with run links.
 * Computed from the stored row alone (no run lookups), so it stays fast at 10,000 clusters.
 */
export function toRolloutView(record: RolloutRecord, nowMs: number) {
  const { progress, plan, strategy, row } = record;
  const soakMs = strategy.soakSeconds * 1000;
  const state = progress.state;
  return {
    ...toRolloutSummary(record),
    state,
    seed: (row.strategy as { seed?: string }).seed ?? row.id,
    strategy: { ...strategy, seed: undefined },
    budgets: plan.budgets,
    counts: countClusters(progress.waves),
    etaSeconds: etaSeconds(snapshotOf(record, progress, []), nowMs),
    currentWave: progress.currentWave,
    waves: progress.waves.map((wave, i) => ({
      index: wave.index,
      kind: wave.kind,
      gated: wave.gated,
      status: waveStatus(wave, progress.waves[i + 1], progress, soakMs, nowMs) as WaveStatus,
      startedAt: iso(wave.startedAt),
      completedAt: iso(wave.completedAt),
      approvedAt: iso(wave.approvedAt),
      counts: countClusters([wave]),
      clusters: wave.clusters.map(clusterView),
    })),
    commands: {
      pending: record.commands.map((command) => ({
        id: command.id,
        type: command.type,
        ...(command.type === "approve" && command.waveIndex !== undefined
          ? { waveIndex: command.waveIndex }
          : {}),
      })),
      recent: (progress.log ?? []).map((entry) => ({
        id: entry.id,
        type: entry.type,
        applied: entry.applied,
        reason: entry.reason ?? null,
        at: new Date(entry.at).toISOString(),
      })),
    },
  };
}

/** The status view's type, for the route's schema check. */
export type RolloutView = ReturnType<typeof toRolloutView>;

/** A dry run's answer: the plan exactly as it would be stored, and each cluster's object changes. */
export function toDryRunView(
  planned: { seed: string; name: string; target: { profile: string; version: string }; plan: RolloutPlan },
  changes: readonly ClusterDiff[],
) {
  const { plan } = planned;
  return {
    dryRun: true as const,
    seed: planned.seed,
    name: planned.name,
    target: { profile: planned.target.profile, version: Number(planned.target.version) },
    plan: {
      totals: plan.totals,
      budgets: plan.budgets,
      waves: plan.waves.map((wave) => ({
        index: wave.index,
        kind: wave.kind,
        gated: wave.gated,
        clusters: wave.clusters.map((cluster) => ({
          id: cluster.id,
          name: cluster.name,
          alreadyAtTarget: cluster.alreadyAtTarget,
          previous: cluster.previous
            ? { profile: cluster.previous.profile, version: Number(cluster.previous.version) }
            : null,
        })),
      })),
    },
    changes: changes.map((diff) =>
      diff.error !== undefined
        ? { clusterId: diff.clusterId, name: diff.name, error: diff.error }
        : { clusterId: diff.clusterId, name: diff.name, ...diff.changes },
    ),
  };
}
