/** How the chat aggregator treats each event type. Pure. */
import type { MeshEvent } from "./event.ts";

/**
 * - `fold`: per-cluster progress inside a rollout; no message of its own, it only moves the
 *   rollout summary that the next message shows.
 * - `failure`: a cluster failed inside a rollout; sent at once, later ones coalesced.
 * - `milestone`: rollout started, wave completed, paused, resumed.
 * - `urgent`: halts and the rollout's end; outranks everything pending for that rollout.
 * - `standalone`: events outside a rollout (drift, pings); pile-ups become one digest.
 */
export type EventClass = "fold" | "failure" | "milestone" | "urgent" | "standalone";

const URGENT = new Set([
  "rollout.halted",
  "rollout.failed",
  "rollout.aborted",
  "rollout.cancelled",
  "rollout.completed",
  "rollout.succeeded",
]);
const CLOSING = new Set([
  "rollout.failed",
  "rollout.aborted",
  "rollout.cancelled",
  "rollout.completed",
  "rollout.succeeded",
]);
const FOLDED_ROLLOUT_TYPES = new Set(["rollout.wave.started", "rollout.progress"]);

/** Classifies one event for the aggregator. */
export function classifyEvent(event: MeshEvent): EventClass {
  if (event.rolloutId === undefined) return "standalone";
  if (URGENT.has(event.type)) return "urgent";
  if (event.type.startsWith("run.")) return /\.(failed|timed_out)$/.test(event.type) ? "failure" : "fold";
  if (FOLDED_ROLLOUT_TYPES.has(event.type)) return "fold";
  if (event.type.startsWith("rollout.")) return "milestone";
  return "standalone";
}

/** True when the event ends the rollout, so the aggregator can forget it after the last message. */
export function closesRollout(event: MeshEvent): boolean {
  return CLOSING.has(event.type);
}

/** Which event titles a message when several are coalesced: a halt beats a failure beats a wave. */
export function headlineRank(cls: EventClass): number {
  return cls === "urgent" ? 3 : cls === "failure" ? 2 : cls === "milestone" ? 1 : 0;
}
