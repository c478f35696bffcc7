/** Verdict on one live object: done, still converging, or failed for good. */
export interface Readiness {
  state: "ready" | "pending" | "failed";
  /** Why not ready, phrased for the error message: `0/1 available`. */
  message: string;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

interface Obj {
  metadata?: { generation?: number };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const READY: Readiness = { state: "ready", message: "ready" };

function num(value: unknown, fallback = 0): number {
  return typeof value === "number" ? value : fallback;
}

function conditions(obj: Obj): Condition[] {
  const list = obj.status?.conditions;
  return Array.isArray(list) ? (list as Condition[]) : [];
}

function condition(obj: Obj, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

/** The controller has not yet seen the latest spec: nothing in status can be trusted. */
function notObserved(obj: Obj): Readiness | undefined {
  const generation = obj.metadata?.generation;
  const observed = obj.status?.observedGeneration;
  if (generation !== undefined && (typeof observed !== "number" || observed < generation)) {
    return { state: "pending", message: "waiting for the controller to observe the latest generation" };
  }
  return undefined;
}

/** Deployment rules of `kubectl rollout status` / kstatus (DOMAIN.md). */
export function deploymentReadiness(obj: Obj): Readiness {
  const progressing = condition(obj, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return {
      state: "failed",
      message: `ProgressDeadlineExceeded: ${progressing.message ?? "rollout stalled"}`,
    };
  }
  const waiting = notObserved(obj);
  if (waiting) return waiting;
  const want = num(obj.spec?.replicas, 1);
  const updated = num(obj.status?.updatedReplicas);
  const available = num(obj.status?.availableReplicas);
  const failure = condition(obj, "ReplicaFailure");
  const why = failure?.status === "True" ? ` (${failure.reason}: ${failure.message})` : "";
  if (updated < want) return { state: "pending", message: `${updated}/${want} updated${why}` };
  // Old pods still count as available during a rollout, so they must be gone first.
  const total = num(obj.status?.replicas);
  if (total > updated) {
    return { state: "pending", message: `${total - updated} old replica(s) pending termination${why}` };
  }
  if (available < want) return { state: "pending", message: `${available}/${want} available${why}` };
  return READY;
}

/** StatefulSet: updated and ready replicas match, and the update revision is current. */
export function statefulSetReadiness(obj: Obj): Readiness {
  const waiting = notObserved(obj);
  if (waiting) return waiting;
  const want = num(obj.spec?.replicas, 1);
  const updated = num(obj.status?.updatedReplicas);
  const ready = num(obj.status?.readyReplicas);
  if (updated < want) return { state: "pending", message: `${updated}/${want} updated` };
  if (ready < want) return { state: "pending", message: `${ready}/${want} ready` };
  if (obj.status?.currentRevision !== obj.status?.updateRevision) {
    return { state: "pending", message: "update revision not yet current" };
  }
  return READY;
}

/** DaemonSet: every scheduled node runs the updated, available pod. */
export function daemonSetReadiness(obj: Obj): Readiness {
  const waiting = notObserved(obj);
  if (waiting) return waiting;
  const want = num(obj.status?.desiredNumberScheduled);
  const updated = num(obj.status?.updatedNumberScheduled);
  const available = num(obj.status?.numberAvailable);
  if (updated < want) return { state: "pending", message: `${updated}/${want} updated` };
  if (available < want) return { state: "pending", message: `${available}/${want} available` };
  return READY;
}

/** Job: Complete=True is done; Failed=True fails at once rather than waiting out the deadline. */
export function jobReadiness(obj: Obj): Readiness {
  const failed = condition(obj, "Failed");
  if (failed?.status === "True") {
    return {
      state: "failed",
      message: `failed: ${failed.reason ?? "Failed"}${failed.message ? `: ${failed.message}` : ""}`,
    };
  }
  if (condition(obj, "Complete")?.status === "True") return READY;
  const want = num(obj.spec?.completions, 1);
  return { state: "pending", message: `${num(obj.status?.succeeded)}/${want} completed` };
}

/** CRD: Established and NamesAccepted; a name conflict never resolves by waiting. */
export function crdReadiness(obj: Obj): Readiness {
  const names = condition(obj, "NamesAccepted");
  if (names?.status === "False") {
    return { state: "failed", message: `names not accepted: ${names.message ?? names.reason ?? ""}` };
  }
  if (condition(obj, "Established")?.status !== "True")
    return { state: "pending", message: "not established" };
  if (names?.status !== "True") return { state: "pending", message: "names not yet accepted" };
  return READY;
}

/** Readiness of any kind; kinds without rules are ready once they exist. */
export function readinessOf(kind: string, obj: Obj | undefined): Readiness {
  if (obj === undefined) return { state: "pending", message: "not found" };
  switch (kind) {
    case "Deployment":
      return deploymentReadiness(obj);
    case "StatefulSet":
      return statefulSetReadiness(obj);
    case "DaemonSet":
      return daemonSetReadiness(obj);
    case "Job":
      return jobReadiness(obj);
    case "CustomResourceDefinition":
      return crdReadiness(obj);
    default:
      return READY;
  }
}
