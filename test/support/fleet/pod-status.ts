/** Selects pods for a kubelet rule: every given field must match. */
export interface PodMatch {
  namespace?: string;
  namePrefix?: string;
  labels?: Record<string, string>;
}

export interface PodRule {
  match: PodMatch;
  /** `unready`: Running with Ready=False; `fail`: phase Failed. */
  action: "unready" | "fail";
}

export interface PodLike {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string }[];
    deletionTimestamp?: string;
  };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

export function matches(pod: PodLike, match: PodMatch): boolean {
  if (match.namespace !== undefined && pod.metadata.namespace !== match.namespace) return false;
  if (match.namePrefix !== undefined && !pod.metadata.name.startsWith(match.namePrefix)) return false;
  for (const [key, value] of Object.entries(match.labels ?? {})) {
    if (pod.metadata.labels?.[key] !== value) return false;
  }
  return true;
}

type Target = { phase: "Running" | "Succeeded" | "Failed"; ready: boolean };

/** What a kubelet would report for this pod under the rules; Job pods run to completion. */
export function targetFor(pod: PodLike, rules: readonly PodRule[]): Target {
  const rule = rules.find((r) => matches(pod, r.match));
  if (rule?.action === "fail") return { phase: "Failed", ready: false };
  if (rule?.action === "unready") return { phase: "Running", ready: false };
  if (pod.metadata.ownerReferences?.some((o) => o.kind === "Job"))
    return { phase: "Succeeded", ready: false };
  return { phase: "Running", ready: true };
}

/**
 * The status patch that moves a pod to its target, or undefined when it is there already or
 * finished (a kubelet never revives a terminated pod) or being deleted.
 */
export function statusPatch(pod: PodLike, rules: readonly PodRule[], now: Date): object | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return undefined;
  const target = targetFor(pod, rules);
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
  if (phase === target.phase && ready === target.ready) return undefined;
  const at = now.toISOString().replace(/\.\d+Z$/, "Z");
  const status = target.ready ? "True" : "False";
  const reason = target.phase === "Running" && !target.ready ? "ContainersNotReady" : target.phase;
  return {
    status: {
      phase: target.phase,
      ...(target.phase === "Failed" ? { reason: "Error", message: "failed by the test kubelet" } : {}),
      conditions: [
        { type: "Initialized", status: "True", lastTransitionTime: at },
        { type: "Ready", status, lastTransitionTime: at, ...(target.ready ? {} : { reason }) },
        { type: "ContainersReady", status, lastTransitionTime: at, ...(target.ready ? {} : { reason }) },
        { type: "PodScheduled", status: "True", lastTransitionTime: at },
      ],
      startTime: at,
    },
  };
}
