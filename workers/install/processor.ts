import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { asc, eq } from "drizzle-orm";
import type { KeyRing } from "../../src/crypto/keyring.ts";
import type { Db } from "../../src/db/client.ts";
import { clusters, runSteps, runs } from "../../src/db/schema/index.ts";
import type { InventoryEntry } from "../../src/db/schema/runs.ts";
import { DomainValidationError } from "../../src/domain/errors.ts";
import { type Engine, EngineError, type InstallStep, mergeInventories } from "../../src/k8s/index.ts";
import type { Logger } from "../../src/logger.ts";
import { loadProfileVersion } from "../../src/services/profiles.ts";
import { ensureRun, isTerminal, type RunRow } from "../../src/services/runs.ts";
import { JOBS } from "../catalog.ts";
import { type Checkpoint, startCheckpoint } from "./checkpoint.ts";
import { clusterTarget, installContext } from "./context.ts";
import { acquireLease, releaseLease } from "./lease.ts";
import {
  markRunFailed,
  markRunStarted,
  markRunSucceeded,
  markStepRetrying,
  markStepRunning,
  markStepSucceeded,
} from "./record.ts";
import { runInstall, runUninstall, type StepResult } from "./steps.ts";

/** What the install processor needs; the engine is passed in so tests and benches share one. */
export interface InstallDeps {
  db: Db;
  keyRing: KeyRing;
  engine: Engine;
  logger: Logger;
  /** Identifies this process in cluster leases. */
  workerId: string;
  leaseSeconds: number;
  /** Aborted on shutdown: the current step stops at a safe point and the job is retried later. */
  shutdown: AbortSignal;
}

/**
 * Brings one cluster to the desired state of one generation. Safe to run any number of times
 * and from any step: finished steps are skipped, the cluster lease keeps other workers out,
 * and a newer generation or a cancel stops the run at the next step boundary.
 */
export async function processInstall(
  deps: InstallDeps,
  job: Job,
  token: string | undefined,
): Promise<string> {
  const payload = JOBS.install.payload.parse(job.data);
  const log = deps.logger.child({
    jobId: job.id,
    clusterId: payload.clusterId,
    generation: payload.generation,
  });
  const [cluster] = await deps.db.select().from(clusters).where(eq(clusters.id, payload.clusterId));
  if (!cluster) return "cluster deleted";
  if (payload.generation !== cluster.desiredGeneration) return "superseded by a newer desired state";
  const kind = cluster.desiredUninstall ? "uninstall" : "install";
  if (kind === "install" && !cluster.desiredProfile) return "nothing desired";

  const run = await ensureRun(deps.db, {
    tenantId: cluster.tenantId,
    clusterId: cluster.id,
    generation: cluster.desiredGeneration,
    kind,
    profile: cluster.desiredProfile,
    profileVersion: cluster.desiredVersion,
    releaseVersion: await releaseOf(deps, cluster),
    options: kind === "uninstall" ? { keepCrds: !payload.deleteCrds } : {},
    rolloutId: payload.rolloutId ?? null,
  });
  if (isTerminal(run.status)) return `run already ${run.status}`;

  // The lease is per job, not per process: two jobs for one cluster (a relayed one and a
  // resync) must exclude each other even inside one worker process.
  const jobDeps = { ...deps, workerId: `${deps.workerId}/${job.id}` };
  if (!(await acquireLease(deps.db, cluster.id, jobDeps.workerId, deps.leaseSeconds))) {
    log.debug({}, "cluster held by another worker; retrying shortly");
    await job.moveToDelayed(Date.now() + 500 + Math.round(Math.random() * 1000), token);
    throw new DelayedError();
  }
  const checkpoint = startCheckpoint(jobDeps, run, job);
  try {
    const current = await loadRun(deps.db, run.id);
    if (!current || isTerminal(current.status)) return `run already ${current?.status ?? "gone"}`;
    await markRunStarted(deps.db, run);
    return await executeRun(jobDeps, run, job, checkpoint, log);
  } finally {
    checkpoint.stop();
    await releaseLease(deps.db, cluster.id, jobDeps.workerId).catch(() => {});
  }
}

async function releaseOf(deps: InstallDeps, cluster: typeof clusters.$inferSelect): Promise<string | null> {
  if (cluster.desiredUninstall || !cluster.desiredProfile || !cluster.desiredVersion)
    return cluster.observedRelease;
  const version = await loadProfileVersion(
    deps.db,
    cluster.tenantId,
    cluster.desiredProfile,
    cluster.desiredVersion,
    "profile",
  );
  return version.releaseVersion;
}

async function executeRun(
  deps: InstallDeps,
  run: RunRow,
  job: Job,
  checkpoint: Checkpoint,
  log: Logger,
): Promise<string> {
  const [cluster] = await deps.db.select().from(clusters).where(eq(clusters.id, run.clusterId));
  if (!cluster) return "cluster deleted";
  const steps = await deps.db
    .select()
    .from(runSteps)
    .where(eq(runSteps.runId, run.id))
    .orderBy(asc(runSteps.position));
  let applied: InventoryEntry[] = [];
  for (const done of steps.filter((s) => s.status === "succeeded")) {
    const inv = (done.output as { inventory?: InventoryEntry[] } | null)?.inventory;
    if (inv) applied = mergeInventories(applied, inv);
  }

  let context: Awaited<ReturnType<typeof installContext>> | undefined;
  const uninstallCtx =
    run.kind === "uninstall"
      ? {
          target: await clusterTarget(deps.keyRing, cluster),
          inventory: cluster.inventory ?? [],
          deleteCrds: run.options.keepCrds === false,
        }
      : undefined;

  for (const step of steps) {
    if (step.status === "succeeded") continue;
    const stop = await checkpoint.boundary();
    if (stop) return stop;
    await markStepRunning(deps.db, run.id, step.name);
    let result: StepResult;
    try {
      if (uninstallCtx) {
        result = await runUninstall(deps.engine, step.name, { ...uninstallCtx, signal: checkpoint.signal });
      } else {
        context ??= await installContext(deps.db, deps.keyRing, cluster, run);
        result = await runInstall(deps.engine, step.name as InstallStep, {
          ...context,
          applied,
          signal: checkpoint.signal,
        });
      }
    } catch (err) {
      const stopped = await checkpoint.boundary();
      if (stopped) return stopped;
      await handleStepError(deps, run, step.name, err, job, log);
      throw err;
    }
    if (result.inventory) applied = mergeInventories(applied, result.inventory);
    await markStepSucceeded(deps.db, run, step.name, {
      ...result.summary,
      ...(result.inventory ? { inventory: result.inventory } : {}),
    });
    log.info({ runId: run.id, step: step.name }, "step completed");
  }
  await markRunSucceeded(deps.db, run, run.kind === "uninstall" ? [] : applied);
  return "succeeded";
}

/**
 * Records a step failure and decides its fate: transient errors go back to pending and the
 * job retries with backoff (honouring Retry-After) until its attempts run out; anything else
 * fails the run at once with its reason.
 */
async function handleStepError(
  deps: InstallDeps,
  run: RunRow,
  step: string,
  err: unknown,
  job: Job,
  log: Logger,
) {
  const failure = describeFailure(err);
  const attempts = job.opts.attempts ?? 1;
  const lastAttempt = job.attemptsMade + 1 >= attempts;
  if (err instanceof EngineError && err.transient && !lastAttempt && !deps.shutdown.aborted) {
    log.warn(
      { runId: run.id, step, reason: failure.reason, message: failure.message },
      "transient failure; will retry",
    );
    await markStepRetrying(deps.db, run.id, step, failure);
    return;
  }
  if (deps.shutdown.aborted) {
    await markStepRetrying(deps.db, run.id, step, {
      reason: "Interrupted",
      message: "worker shut down mid-step",
    });
    return;
  }
  log.warn({ runId: run.id, step, reason: failure.reason, message: failure.message }, "run failed");
  await markRunFailed(deps.db, run, step, failure);
  throw new UnrecoverableError(`${failure.reason}: ${failure.message}`);
}

function describeFailure(err: unknown): { reason: string; message: string } {
  if (err instanceof EngineError) {
    const details = err.details.length ? `\n${err.details.join("\n")}` : "";
    return { reason: err.reason, message: `${err.message}${details}`.slice(0, 4000) };
  }
  if (err instanceof DomainValidationError) {
    return {
      reason: "InvalidManifest",
      message: err.issues.map((i) => `${i.field}: ${i.message}`).join("; "),
    };
  }
  return { reason: "Unexpected", message: String((err as Error)?.message ?? err).slice(0, 4000) };
}

/** Loads a run row by id. */
async function loadRun(db: Db, runId: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(runs).where(eq(runs.id, runId));
  return row;
}
