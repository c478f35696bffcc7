import { setTimeout as sleep } from "node:timers/promises";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { clusters, runSteps, runs } from "../../src/db/schema/index.ts";
import type { EngineCall } from "./timed-engine.ts";

/** One recorded step of a worker run, in milliseconds. */
export interface StepSample {
  step: string;
  /** finished_at − started_at, as the run records it. */
  durationMs: number;
  /**
   * Time between the previous boundary and this step's start: for the first step, from the
   * run's creation (the job picked up: run row, lease, `run.started`); otherwise from the
   * previous step's finish. Pure orchestration.
   */
  gapMs: number;
  /** Time inside engine calls made for this cluster during the step (timed engine). */
  engineMs: number;
  attempts: number;
}

/** A worker run's timeline; times in epoch ms. */
export interface RunTimeline {
  clusterId: string;
  runId: string;
  status: string;
  error?: string;
  createdAt: number;
  finishedAt: number;
  steps: StepSample[];
  /** Last step's finish → run finished (`run.succeeded` transaction). */
  finishGapMs: number;
}

/** How the converge ended, and when the last run finished. */
export interface Converged {
  ready: number;
  failed: number;
}

/**
 * Polls the clusters table until every cluster observes `version` Ready or has failed, or
 * the deadline passes (then it throws with the counts, so the bench fails loudly).
 */
export async function waitConverged(
  db: Db,
  ids: readonly string[],
  version: number,
  deadline: number,
  onProgress: (c: Converged) => void = () => {},
): Promise<Converged> {
  let last = "";
  for (;;) {
    const rows = await db
      .select({ phase: clusters.phase, observed: clusters.observedVersion, desired: clusters.desiredVersion })
      .from(clusters)
      .where(inArray(clusters.id, [...ids]));
    const ready = rows.filter((r) => r.phase === "Ready" && r.observed === version).length;
    const failed = rows.filter((r) => r.phase === "Failed" && r.desired === version).length;
    const progress = `${ready}/${failed}`;
    if (progress !== last) onProgress({ ready, failed });
    last = progress;
    if (ready + failed === ids.length) return { ready, failed };
    if (Date.now() > deadline)
      throw new Error(`deadline passed with ${ready} Ready and ${failed} Failed of ${ids.length}`);
    await sleep(250);
  }
}

const ms = (d: Date | null) => (d ? d.getTime() : Number.NaN);

/** Time inside engine calls for one cluster whose midpoint falls in [from, to]. */
function engineTime(calls: readonly EngineCall[], from: number, to: number): number {
  let total = 0;
  for (const c of calls) {
    const mid = (c.start + c.end) / 2;
    if (mid >= from && mid <= to) total += c.end - c.start;
  }
  return total;
}

/**
 * Reads the runs that took the clusters to `version`, with their steps, from `runs` and
 * `run_steps`, and attributes the timed engine's calls to the steps they fell in.
 */
export async function readTimelines(
  db: Db,
  ids: readonly string[],
  version: number,
  calls: readonly EngineCall[],
): Promise<RunTimeline[]> {
  const runRows = await db
    .select()
    .from(runs)
    .where(
      and(inArray(runs.clusterId, [...ids]), eq(runs.profileVersion, version), eq(runs.kind, "install")),
    );
  const stepRows = await db
    .select()
    .from(runSteps)
    .where(
      inArray(
        runSteps.runId,
        runRows.map((r) => r.id),
      ),
    )
    .orderBy(asc(runSteps.runId), asc(runSteps.position));
  const callsByCluster = new Map<string, EngineCall[]>();
  for (const c of calls) {
    const list = callsByCluster.get(c.cluster) ?? [];
    list.push(c);
    callsByCluster.set(c.cluster, list);
  }
  return runRows.map((run) => {
    const own = stepRows.filter((s) => s.runId === run.id);
    const clusterCalls = callsByCluster.get(run.clusterId) ?? [];
    let boundary = ms(run.createdAt);
    const steps: StepSample[] = own.map((s) => {
      const started = ms(s.startedAt);
      const finished = ms(s.finishedAt);
      const sample = {
        step: s.name,
        durationMs: finished - started,
        gapMs: started - boundary,
        engineMs: engineTime(clusterCalls, started, finished),
        attempts: s.attempts,
      };
      boundary = finished;
      return sample;
    });
    return {
      clusterId: run.clusterId,
      runId: run.id,
      status: run.status,
      ...(run.errorReason ? { error: `${run.errorReason}: ${run.errorMessage ?? ""}`.slice(0, 300) } : {}),
      createdAt: ms(run.createdAt),
      finishedAt: ms(run.finishedAt),
      steps,
      finishGapMs: ms(run.finishedAt) - boundary,
    };
  });
}

/**
 * Clusters on which two engine calls overlapped in time. One run calls the engine one step
 * at a time, so an overlap means two executions touched the cluster at once.
 */
export function overlappingClusters(calls: readonly EngineCall[]): string[] {
  const byCluster = new Map<string, EngineCall[]>();
  for (const c of calls) byCluster.set(c.cluster, [...(byCluster.get(c.cluster) ?? []), c]);
  const found: string[] = [];
  for (const [cluster, list] of byCluster) {
    list.sort((a, b) => a.start - b.start);
    let end = Number.NEGATIVE_INFINITY;
    for (const c of list) {
      if (c.start < end) {
        found.push(cluster);
        break;
      }
      end = Math.max(end, c.end);
    }
  }
  return found;
}
