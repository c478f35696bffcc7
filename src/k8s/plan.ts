import { sortForInstall, toApplyPhases } from "../domain/manifests/kind-order.ts";
import type { ApplyPhaseName, K8sObject } from "../domain/manifests/types.ts";
import { PHASE_ANNOTATION } from "./marker.ts";

/** A release split into the engine's three apply phases, each in Helm kind order. */
export type PhasePlan = Record<ApplyPhaseName, K8sObject[]>;

/** Kinds the workload wait follows; everything else is ready once it exists. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job"]);

function requestedPhase(object: K8sObject): ApplyPhaseName | undefined {
  const value = object.metadata.annotations?.[PHASE_ANNOTATION];
  return value === "namespaces" || value === "crds" || value === "resources" ? value : undefined;
}

/**
 * Splits a release into phases (namespaces, CRDs, the rest). Objects annotated
 * `meshfleet.io/apply-phase: crds` move into the CRD phase, as Istio 1.4's `istio-init`
 * Jobs did: the CRD wait then also waits for those Jobs to complete.
 */
export function planPhases(objects: readonly K8sObject[]): PhasePlan {
  const plan: PhasePlan = { namespaces: [], crds: [], resources: [] };
  for (const { phase, objects: inPhase } of toApplyPhases(objects)) {
    for (const object of inPhase) plan[requestedPhase(object) ?? phase].push(object);
  }
  return { namespaces: plan.namespaces, crds: sortForInstall(plan.crds), resources: plan.resources };
}

/** Objects the CRD wait follows: the CRDs and any Jobs placed in the CRD phase. */
export function crdWaitTargets(crdPhase: readonly K8sObject[]): K8sObject[] {
  return crdPhase.filter((o) => o.kind === "CustomResourceDefinition" || o.kind === "Job");
}

/** Objects the workload wait follows: Deployments, StatefulSets, DaemonSets and Jobs. */
export function workloadWaitTargets(resources: readonly K8sObject[]): K8sObject[] {
  return resources.filter((o) => WORKLOAD_KINDS.has(o.kind));
}
