import type { K8sObject } from "../../src/domain/manifests/types.ts";
import {
  type ClusterTarget,
  type Engine,
  INSTALL_STEPS,
  type InventoryEntry,
  mergeInventories,
  runInstallStep,
} from "../../src/k8s/index.ts";
import { FIXTURE_KUBERNETES_RANGE } from "../../test/support/fixtures/index.ts";
import { mapLimit } from "./pool.ts";
import { epochNow } from "./timed-engine.ts";

/** One install made directly through the engine, step by step, in milliseconds. */
export interface DirectInstall {
  steps: { step: string; ms: number }[];
  totalMs: number;
  inventory: InventoryEntry[];
}

/** A baseline target: where to install, and what (rendered by the API for the same release). */
export interface DirectJob {
  target: ClusterTarget;
  objects: readonly K8sObject[];
  /** The inventory of the install this one upgrades, for the verify step's prune. */
  previous?: InventoryEntry[];
}

/**
 * Runs the seven install steps through `runInstallStep` exactly as a worker's run does
 * (inventories carried between steps, the previous one pruned in verify), with no database,
 * queue or lease in between, and times each step.
 */
export async function installDirect(
  engine: Engine,
  job: DirectJob,
  deadline: number,
): Promise<DirectInstall> {
  const started = epochNow();
  const steps: DirectInstall["steps"] = [];
  let applied: InventoryEntry[] = [];
  for (const step of INSTALL_STEPS) {
    const before = epochNow();
    const outcome = await runInstallStep(engine, step, {
      target: job.target,
      objects: job.objects,
      kubernetesRange: FIXTURE_KUBERNETES_RANGE,
      applied,
      workloadTimeoutMs: Math.max(1_000, Math.min(600_000, deadline - Date.now())),
      ...(job.previous ? { previous: job.previous } : {}),
    });
    steps.push({ step, ms: epochNow() - before });
    if (outcome.inventory) applied = mergeInventories(applied, outcome.inventory);
  }
  return { steps, totalMs: epochNow() - started, inventory: applied };
}

/** Installs every job, `concurrency` at a time (the workers' concurrency); wall time included. */
export async function convergeDirect(
  engine: Engine,
  jobs: readonly DirectJob[],
  concurrency: number,
  deadline: number,
): Promise<{ wallMs: number; installs: DirectInstall[] }> {
  const started = epochNow();
  const installs = await mapLimit(jobs, concurrency, (job) => {
    if (Date.now() > deadline) throw new Error("deadline passed during the direct-engine baseline");
    return installDirect(engine, job, deadline);
  });
  return { wallMs: epochNow() - started, installs };
}
