import type { Engine, InstallContext, InventoryEntry } from "../../src/k8s/index.ts";
import { describeEntry, EngineError, type InstallStep, runInstallStep } from "../../src/k8s/index.ts";

/** The result a step records: its inventory (apply steps) and a small summary for people. */
export interface StepResult {
  inventory?: InventoryEntry[];
  summary: Record<string, unknown>;
}

/** Runs one install step through the engine and shapes what the run records. */
export async function runInstall(
  engine: Engine,
  step: InstallStep,
  ctx: InstallContext,
): Promise<StepResult> {
  const outcome = await runInstallStep(engine, step, ctx);
  const summary: Record<string, unknown> = {};
  if (outcome.changed !== undefined) summary.changed = outcome.changed;
  if (outcome.inventory) summary.objects = outcome.inventory.length;
  if (outcome.preflight) summary.serverVersion = outcome.preflight.serverVersion;
  if (outcome.wait) summary.waitedMs = outcome.wait.elapsedMs;
  if (outcome.pruned) summary.pruned = outcome.pruned.deleted;
  if (outcome.drift) summary.drift = outcome.drift.items.slice(0, 20);
  return { ...(outcome.inventory ? { inventory: outcome.inventory } : {}), summary };
}

/** Steps of an uninstall run: check the cluster answers, delete in reverse order, confirm. */
export async function runUninstall(
  engine: Engine,
  step: string,
  ctx: {
    target: InstallContext["target"];
    inventory: InventoryEntry[];
    deleteCrds: boolean;
    signal?: AbortSignal;
  },
): Promise<StepResult> {
  switch (step) {
    case "preflight": {
      const client = await engine.client(ctx.target);
      const res = await client.request<{ gitVersion?: string }>({
        method: "GET",
        path: "/version",
        what: "server version",
      });
      return { summary: { serverVersion: res.body?.gitVersion ?? "unknown" } };
    }
    case "uninstall": {
      const report = await engine.uninstall(ctx.target, {
        inventory: ctx.inventory,
        includeCrds: ctx.deleteCrds,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return { summary: { deleted: report.deleted.length, kept: report.kept } };
    }
    case "verify": {
      const drift = await engine.observe(ctx.target, { objects: [], inventory: ctx.inventory });
      const gone = new Set(drift.items.filter((i) => i.kind === "missing").map((i) => i.object));
      const remaining = ctx.inventory
        .filter((e) => !gone.has(describeEntry(e)) && !keptOnUninstall(e, ctx.deleteCrds))
        .map(describeEntry);
      if (remaining.length > 0) {
        throw new EngineError(
          "Conflict",
          `still present after uninstall: ${remaining.slice(0, 10).join(", ")}`,
          {
            transient: true,
          },
        );
      }
      return { summary: { checked: drift.checked } };
    }
    default:
      throw new Error(`unknown uninstall step ${step}`);
  }
}

/** Objects an uninstall leaves on purpose: CRDs unless asked, namespaces meshfleet did not create. */
function keptOnUninstall(entry: InventoryEntry, deleteCrds: boolean): boolean {
  if (entry.kind === "CustomResourceDefinition") return !deleteCrds;
  if (entry.kind === "Namespace") return entry.createdNamespace !== true;
  return false;
}
