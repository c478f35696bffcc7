import type { K8sObject } from "../../src/domain/manifests/types.ts";
import type { ClusterTarget } from "../../src/k8s/client.ts";
import type { Engine } from "../../src/k8s/engine.ts";
import { INSTALL_STEPS, runInstallStep } from "../../src/k8s/install-steps.ts";
import { type InventoryEntry, mergeInventories } from "../../src/k8s/inventory.ts";
import { FIXTURE_KUBERNETES_RANGE, fixtureRelease } from "../../test/support/fixtures/index.ts";

/** The fixture plus `extra` ConfigMaps, to see how requests grow with object count. */
export function sizedRelease(namespace: string, extra: number): K8sObject[] {
  const configMaps = Array.from({ length: extra }, (_, i) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `extra-${i}`, namespace },
    data: { index: String(i) },
  }));
  return [...fixtureRelease(1, { namespace }), ...configMaps];
}

export interface RequestRow {
  objects: number;
  run: "first install" | "re-apply";
  perStep: Record<string, number>;
  applySteps: number;
  total: number;
  /** kubectl apply --server-side reference: one discovery + one PATCH per object (computed, no kubectl here). */
  kubectlReference: number;
}

/** Installs a release step by step, counting requests per step at the engine's client. */
export async function countInstall(
  engine: Engine,
  target: ClusterTarget,
  objects: readonly K8sObject[],
  previous?: InventoryEntry[],
): Promise<{ row: Omit<RequestRow, "run">; inventory: InventoryEntry[] }> {
  const perStep: Record<string, number> = {};
  let applied: InventoryEntry[] = [];
  for (const step of INSTALL_STEPS) {
    const before = engine.stats.snapshot();
    const outcome = await runInstallStep(engine, step, {
      target,
      objects,
      kubernetesRange: FIXTURE_KUBERNETES_RANGE,
      applied,
      crdTimeoutMs: 60_000,
      workloadTimeoutMs: 60_000,
      ...(previous ? { previous } : {}),
    });
    if (outcome.inventory) applied = mergeInventories(applied, outcome.inventory);
    perStep[step] = engine.stats.since(before).total;
  }
  const applySteps = (perStep.namespace ?? 0) + (perStep.crds ?? 0) + (perStep.profile ?? 0);
  const total = Object.values(perStep).reduce((a, b) => a + b, 0);
  return {
    row: { objects: objects.length, perStep, applySteps, total, kubectlReference: 1 + objects.length },
    inventory: applied,
  };
}
