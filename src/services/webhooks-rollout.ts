/**
 * The rollout summary chat messages show. The rollout row's `progress` JSON is written by the
 * rollout worker (src/domain/rollouts); it is read defensively here, in this one place, so a
 * change of its shape costs one function.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rollouts, runs } from "../db/schema/index.ts";
import { UUID_PATTERN } from "../ids.ts";
import type { RolloutFailure, RolloutSummary } from "../notify/event.ts";

/** The rollout columns the summary reads. */
export interface RolloutRowView {
  id: string;
  name: string;
  profile: string;
  profileVersion: number;
  state: string;
  progress: Record<string, unknown>;
}

/** A failed run of the rollout: the reason shown next to its cluster. */
export interface RunFailure {
  clusterId: string;
  reason: string | null;
  message: string | null;
}

interface ClusterView {
  id: string;
  name: string;
  status: string;
}

function clustersOf(progress: Record<string, unknown>): { waves: number; clusters: ClusterView[] } {
  const waves = Array.isArray(progress.waves) ? progress.waves : [];
  const clusters: ClusterView[] = [];
  for (const wave of waves) {
    const list = wave && typeof wave === "object" ? (wave as { clusters?: unknown }).clusters : undefined;
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!c || typeof c !== "object") continue;
      const { id, name, status } = c as Record<string, unknown>;
      clusters.push({
        id: typeof id === "string" ? id : "",
        name: typeof name === "string" ? name : typeof id === "string" ? id : "?",
        status: typeof status === "string" ? status : "pending",
      });
    }
  }
  return { waves: waves.length, clusters };
}

/** `WaitingApproval` → `waiting approval`: the chat views compare lower-case words. */
function stateWords(state: string): string {
  return state.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Builds the summary from a rollout row and its failed runs. Pure. */
export function summariseRollout(
  row: RolloutRowView,
  failedRuns: RunFailure[],
  linkBase: string,
): RolloutSummary {
  const { waves, clusters } = clustersOf(row.progress);
  const current = typeof row.progress.currentWave === "number" ? row.progress.currentWave : -1;
  const byCluster = new Map(failedRuns.map((f) => [f.clusterId, f]));
  const failures: RolloutFailure[] = clusters
    .filter((c) => c.status === "failed" || c.status === "rollbackFailed")
    .map((c) => {
      const run = byCluster.get(c.id);
      const reason = c.status === "rollbackFailed" ? "RollbackFailed" : (run?.reason ?? "Failed");
      return { cluster: c.name, reason, ...(run?.message ? { message: run.message } : {}) };
    });
  return {
    id: row.id,
    name: row.name,
    profile: row.profile,
    version: row.profileVersion,
    state: stateWords(row.state),
    wave: Math.min(Math.max(current + 1, 0), waves),
    waves,
    clustersTotal: clusters.length,
    clustersReady: clusters.filter((c) => c.status === "succeeded").length,
    clustersFailed: failures.length,
    failures,
    links: { rollout: `${linkBase.replace(/\/+$/, "")}/v1/rollouts/${row.id}` },
  };
}

/** Loads a rollout's summary as of now; undefined when the rollout is unknown (or not a uuid). */
export async function loadRolloutSummary(
  db: Db,
  tenantId: string,
  rolloutId: string,
  linkBase: string,
): Promise<RolloutSummary | undefined> {
  if (!UUID_PATTERN.test(rolloutId)) return undefined;
  const [row] = await db
    .select({
      id: rollouts.id,
      name: rollouts.name,
      profile: rollouts.profile,
      profileVersion: rollouts.profileVersion,
      state: rollouts.state,
      progress: rollouts.progress,
    })
    .from(rollouts)
    .where(and(eq(rollouts.id, rolloutId), eq(rollouts.tenantId, tenantId)))
    .limit(1);
  if (!row) return undefined;
  const failed = await db
    .select({ clusterId: runs.clusterId, reason: runs.errorReason, message: runs.errorMessage })
    .from(runs)
    .where(and(eq(runs.tenantId, tenantId), eq(runs.rolloutId, rolloutId), eq(runs.status, "failed")));
  return summariseRollout(row, failed, linkBase);
}
