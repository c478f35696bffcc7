import type { K8sObject } from "../domain/manifests/types.ts";
import { INSTALL_STEPS, type InstallStep } from "../domain/runs/steps.ts";
import type { ClusterTarget } from "./client.ts";
import type { DeleteReport } from "./delete.ts";
import type { Engine } from "./engine.ts";
import { type InventoryEntry, mergeInventories } from "./inventory.ts";
import type { DriftReport } from "./observe.ts";
import { planPhases } from "./plan.ts";
import type { PreflightReport } from "./preflight.ts";
import type { KubernetesRange } from "./version-range.ts";
import type { WaitReport } from "./wait.ts";

export { INSTALL_STEPS, type InstallStep };

/** Everything a step needs; a worker rebuilds it from the run record when it resumes. */
export interface InstallContext {
  target: ClusterTarget;
  /** The whole rendered release (all phases). */
  objects: readonly K8sObject[];
  kubernetesRange: KubernetesRange;
  /** Inventory of the last successful install on this cluster, if any. */
  previous?: readonly InventoryEntry[];
  /** Inventories returned by this run's completed apply steps (namespace, crds, profile). */
  applied?: readonly InventoryEntry[];
  adopt?: boolean;
  allowUnsupportedVersion?: boolean;
  /** Default 120 s. */
  crdTimeoutMs?: number;
  /** Default 600 s (the profile's waitTimeoutSeconds). */
  workloadTimeoutMs?: number;
  /** Let prune delete CRDs that left the release. Default false. */
  includeCrds?: boolean;
  signal?: AbortSignal;
}

/** What a step produced; `inventory` is set by the three apply steps, for the run to record. */
export interface StepOutcome {
  step: InstallStep;
  inventory?: InventoryEntry[];
  changed?: boolean;
  preflight?: PreflightReport;
  wait?: WaitReport;
  pruned?: DeleteReport;
  drift?: DriftReport;
}

/**
 * Runs one install step. Each is idempotent, so a worker that crashed mid-step simply runs it
 * again. `verify` prunes what the previous inventory held and this run did not apply, then
 * reads everything back; drift found right after applying is returned, not thrown.
 */
export async function runInstallStep(
  engine: Engine,
  step: InstallStep,
  ctx: InstallContext,
): Promise<StepOutcome> {
  const plan = planPhases(ctx.objects);
  const { target } = ctx;
  const applyOptions = ctx.previous ? { previous: ctx.previous } : {};
  switch (step) {
    case "preflight":
      return {
        step,
        preflight: await engine.preflight(target, {
          objects: ctx.objects,
          kubernetesRange: ctx.kubernetesRange,
          ...(ctx.adopt === undefined ? {} : { adopt: ctx.adopt }),
          ...(ctx.allowUnsupportedVersion === undefined
            ? {}
            : { allowUnsupportedVersion: ctx.allowUnsupportedVersion }),
        }),
      };
    case "namespace":
    case "crds":
    case "profile": {
      const objects = step === "namespace" ? plan.namespaces : step === "crds" ? plan.crds : plan.resources;
      const result = await engine.applyPhase(target, objects, applyOptions);
      return { step, inventory: result.inventory, changed: result.changed };
    }
    case "crd-wait":
      return {
        step,
        wait: await engine.waitForCrds(target, plan.crds, waitOptions(ctx.crdTimeoutMs ?? 120_000, ctx)),
      };
    case "workload-wait":
      return {
        step,
        wait: await engine.waitForWorkloads(
          target,
          plan.resources,
          waitOptions(ctx.workloadTimeoutMs ?? 600_000, ctx),
        ),
      };
    case "verify": {
      const applied = mergeInventories(ctx.applied ?? []);
      const pruned = await engine.prune(target, {
        previous: ctx.previous ?? [],
        current: applied,
        ...(ctx.includeCrds === undefined ? {} : { includeCrds: ctx.includeCrds }),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      const drift = await engine.observe(target, { objects: ctx.objects, inventory: applied });
      return { step, pruned, drift };
    }
  }
}

function waitOptions(timeoutMs: number, ctx: InstallContext) {
  return { timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) };
}

/** Runs every step in order and returns the merged inventory: for tests, benchmarks and scripts. */
export async function installRelease(
  engine: Engine,
  ctx: InstallContext,
): Promise<{ inventory: InventoryEntry[]; changed: boolean; outcomes: StepOutcome[] }> {
  const outcomes: StepOutcome[] = [];
  let applied: InventoryEntry[] = [];
  let changed = false;
  for (const step of INSTALL_STEPS) {
    const outcome = await runInstallStep(engine, step, { ...ctx, applied });
    if (outcome.inventory) applied = mergeInventories(applied, outcome.inventory);
    changed ||= outcome.changed === true || (outcome.pruned?.deleted.length ?? 0) > 0;
    outcomes.push(outcome);
  }
  return { inventory: applied, changed, outcomes };
}
