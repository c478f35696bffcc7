import { countClusters, isWaveSettled } from "./counts.ts";
import { currentWaveIndex, type DecisionContext, emit, transition } from "./decision-context.ts";
import type { WaveProgress } from "./machine-types.ts";

/**
 * Moves the waves forward as far as the snapshot allows, in Running, WaitingApproval or
 * Paused. Loops so that waves needing no install (all already at target, or all deleted)
 * start and finish in one call. Order of gates before a wave starts: the previous wave is
 * finished, then soaked, then approved when gated; so approvers see the soaked result.
 *
 * Paused lets running installs finish and waves complete, but starts nothing.
 */
export function progressWaves(ctx: DecisionContext): void {
  for (;;) {
    const current = ctx.waves[currentWaveIndex(ctx.waves)];
    if (current !== undefined && current.completedAt == null) {
      markAlreadyAtTarget(current);
      if (ctx.state === "Running") startInstalls(ctx, current);
      if (!isWaveSettled(current)) return;
      completeWave(ctx, current);
      continue;
    }

    const next = ctx.waves[(current?.index ?? -1) + 1];
    if (next === undefined) {
      transition(ctx, "Completed", "allWavesCompleted");
      return;
    }
    if (ctx.state === "Paused") return;
    if (current?.completedAt != null) {
      const soakedAt = current.completedAt + ctx.snapshot.strategy.soakSeconds * 1000;
      if (ctx.nowMs < soakedAt) {
        ctx.actions.push({ type: "wakeAt", atMs: soakedAt });
        return;
      }
    }
    if (next.gated && next.approvedAt == null) {
      transition(ctx, "WaitingApproval", "approvalGate", { waveIndex: next.index });
      return;
    }
    // No-op when Running; from WaitingApproval it means approvedAt was set outside a command.
    transition(ctx, "Running", "approved");
    startWave(ctx, next);
  }
}

/** Already-at-target clusters succeed without an install. */
function markAlreadyAtTarget(wave: WaveProgress): void {
  for (const cluster of wave.clusters) {
    if (cluster.status === "pending" && cluster.alreadyAtTarget) cluster.status = "succeeded";
  }
}

/**
 * Starts pending clusters in plan order until `concurrency` are installing. Only `pending`
 * clusters start, and starting marks them `installing`, so a replayed decide on the stored
 * result never starts the same cluster twice in a wave.
 */
function startInstalls(ctx: DecisionContext, wave: WaveProgress): void {
  let installing = 0;
  for (const cluster of wave.clusters) if (cluster.status === "installing") installing++;
  for (const cluster of wave.clusters) {
    if (installing >= ctx.snapshot.strategy.concurrency) return;
    if (cluster.status !== "pending") continue;
    cluster.status = "installing";
    installing++;
    ctx.actions.push({
      type: "startInstall",
      clusterId: cluster.id,
      waveIndex: wave.index,
      target: { ...ctx.snapshot.target },
    });
  }
}

function startWave(ctx: DecisionContext, wave: WaveProgress): void {
  wave.startedAt = ctx.nowMs;
  emit(ctx, "rollout.wave.started", {
    waveIndex: wave.index,
    kind: wave.kind,
    clusters: wave.clusters.length,
  });
}

function completeWave(ctx: DecisionContext, wave: WaveProgress): void {
  wave.completedAt = ctx.nowMs;
  const counts = countClusters([wave]);
  emit(ctx, "rollout.wave.completed", {
    waveIndex: wave.index,
    succeeded: counts.succeeded,
    failed: counts.failed,
    skipped: counts.skipped,
  });
}
