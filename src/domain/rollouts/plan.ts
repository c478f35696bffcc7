import { DomainValidationError, type ValidationIssue } from "../errors.ts";
import { pickCanaryIds } from "./canary.ts";
import { orderClusters } from "./order.ts";
import { resolveQuantity } from "./quantity.ts";
import type { RolloutStrategy } from "./strategy.ts";
import {
  type PlanInputCluster,
  type PlannedCluster,
  type PlannedWave,
  type ProfileVersion,
  type RolloutPlan,
  sameProfileVersion,
} from "./types.ts";

/** What the planner needs: the selected clusters, the target, a parsed strategy and a seed. */
export interface PlanRolloutInput {
  clusters: readonly PlanInputCluster[];
  target: ProfileVersion;
  strategy: RolloutStrategy;
  /** Makes canary picks reproducible; the rollout id is a good seed. */
  seed: string;
}

/**
 * Splits the selected clusters into waves. Pure and deterministic: the same input (in any
 * order) gives the same plan, so the plan shown by a dry run is the plan that runs.
 *
 * - Clusters are ordered by `strategy.order` (see orderClusters); every wave lists its
 *   clusters in that order, which is also the order installs start in.
 * - Canary: explicit names, or `count` clusters picked by seed hash among those not already at
 *   the target (a canary that changes nothing proves nothing); fewer when fewer need a change.
 * - Batches: the remaining clusters in order, `batchSize` per wave; a percentage is of the
 *   non-canary clusters, rounded up, at least 1.
 * - Gates: afterCanary gates the first batch after a canary; everyWave gates every wave but
 *   the first (creating the rollout approves the first).
 * - Budgets: a percentage of all planned clusters (total) or of the wave's clusters (per
 *   wave), rounded down so "10%" never tolerates more than 10%. No per-wave budget means the
 *   per-wave limit equals the total one.
 *
 * Throws DomainValidationError when the selection is empty or canary names are not in it.
 */
export function planRollout(input: PlanRolloutInput): RolloutPlan {
  const { clusters, target, strategy, seed } = input;
  if (clusters.length === 0) {
    throw new DomainValidationError([{ field: "selector", message: "matched no clusters" }]);
  }
  const duplicate = firstDuplicateId(clusters);
  if (duplicate !== null) {
    throw new DomainValidationError([
      { field: `clusters[${duplicate}].id`, message: "the same cluster is listed twice" },
    ]);
  }

  const ordered = orderClusters(clusters, strategy.order);
  const canaryIds = selectCanary(ordered, target, strategy, seed);
  const canary: PlannedCluster[] = [];
  const rest: PlannedCluster[] = [];
  let alreadyAtTarget = 0;
  for (const cluster of ordered) {
    const planned = toPlanned(cluster, target);
    if (planned.alreadyAtTarget) alreadyAtTarget++;
    (canaryIds.has(cluster.id) ? canary : rest).push(planned);
  }

  const waves: PlannedWave[] = [];
  if (canary.length > 0) waves.push({ index: 0, kind: "canary", clusters: canary, gated: false });
  if (rest.length > 0) {
    const size = Math.max(1, resolveQuantity(strategy.batchSize, rest.length, "up"));
    for (let start = 0; start < rest.length; start += size) {
      waves.push({
        index: waves.length,
        kind: "batch",
        clusters: rest.slice(start, start + size),
        gated: false,
      });
    }
  }
  for (const wave of waves) wave.gated = isGated(wave, waves, strategy.approval);

  const total = resolveQuantity(strategy.maxFailures.total, clusters.length, "down");
  const perWaveQuantity = strategy.maxFailures.perWave;
  const perWave = waves.map((wave) =>
    perWaveQuantity === undefined ? total : resolveQuantity(perWaveQuantity, wave.clusters.length, "down"),
  );
  return { waves, totals: { clusters: clusters.length, alreadyAtTarget }, budgets: { total, perWave } };
}

function toPlanned(cluster: PlanInputCluster, target: ProfileVersion): PlannedCluster {
  const previous = cluster.currentDesired ?? null;
  return {
    id: cluster.id,
    name: cluster.name,
    alreadyAtTarget: sameProfileVersion(previous, target),
    previous: previous === null ? null : { profile: previous.profile, version: previous.version },
  };
}

function isGated(wave: PlannedWave, waves: PlannedWave[], approval: RolloutStrategy["approval"]): boolean {
  if (approval === "everyWave") return wave.index > 0;
  if (approval === "afterCanary") return wave.index === 1 && waves[0]?.kind === "canary";
  return false;
}

/** Index of the first cluster whose id was already seen, or null. */
function firstDuplicateId(clusters: readonly PlanInputCluster[]): number | null {
  const seen = new Set<string>();
  for (const [index, cluster] of clusters.entries()) {
    if (seen.has(cluster.id)) return index;
    seen.add(cluster.id);
  }
  return null;
}

/** Ids of the canary clusters (empty without a canary). */
function selectCanary(
  ordered: readonly PlanInputCluster[],
  target: ProfileVersion,
  strategy: RolloutStrategy,
  seed: string,
): Set<string> {
  const canary = strategy.canary;
  if (canary === undefined) return new Set();
  if ("count" in canary) {
    const candidates = ordered.filter((cluster) => !sameProfileVersion(cluster.currentDesired, target));
    return pickCanaryIds(candidates, canary.count, seed);
  }

  const byName = new Map<string, PlanInputCluster[]>();
  for (const cluster of ordered) {
    const same = byName.get(cluster.name);
    if (same) same.push(cluster);
    else byName.set(cluster.name, [cluster]);
  }
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  const requested = new Set<string>();
  for (const [index, name] of canary.clusters.entries()) {
    const field = `strategy.canary.clusters[${index}]`;
    const matches = byName.get(name) ?? [];
    if (requested.has(name)) issues.push({ field, message: `"${name}" is listed twice` });
    else if (matches.length === 0) issues.push({ field, message: `no selected cluster is named "${name}"` });
    else if (matches.length > 1)
      issues.push({ field, message: `${matches.length} selected clusters are named "${name}"` });
    else ids.add(matches[0]!.id);
    requested.add(name);
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return ids;
}
