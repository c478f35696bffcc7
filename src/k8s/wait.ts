import { setTimeout as sleep } from "node:timers/promises";
import type { K8sClient } from "./client.ts";
import { EngineError } from "./errors.ts";
import { groupByCollection } from "./inventory.ts";
import { type LiveObject, listNamed } from "./read.ts";
import { type Readiness, readinessOf } from "./readiness.ts";
import { describeObject, type ResourceLocation } from "./resource-path.ts";

/** One object a wait follows. */
export interface WaitTarget {
  location: ResourceLocation;
  kind: string;
  name: string;
}

export interface WaitOptions {
  /** Deadline for the whole wait. */
  timeoutMs: number;
  /** First delay between polls; grows by 1.6× up to maxPollMs. Defaults 200 ms and 2 s. */
  initialPollMs?: number;
  maxPollMs?: number;
  signal?: AbortSignal;
}

export interface WaitReport {
  elapsedMs: number;
  polls: number;
}

interface Verdict {
  target: WaitTarget;
  readiness: Readiness;
}

async function pollOnce(client: K8sClient, targets: readonly WaitTarget[]): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const groups = groupByCollection(targets);
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const live: Map<string, LiveObject> = await listNamed(
        client,
        group[0]!.location,
        group.map((t) => t.name),
      );
      for (const target of group)
        verdicts.push({ target, readiness: readinessOf(target.kind, live.get(target.name)) });
    }),
  );
  return verdicts;
}

function line(v: Verdict): string {
  return `${describeObject(v.target.kind, v.target.location.namespace, v.target.name)}: ${v.readiness.message}`;
}

/**
 * Waits until every target is ready by the DOMAIN.md rules. Each poll is one LIST per
 * collection (not one GET per object), with backoff between polls. A failed verdict
 * (ProgressDeadlineExceeded, a Failed Job, rejected CRD names) ends the wait at once; the
 * deadline ends it with every non-ready object named. Transient read errors are ridden out
 * until the deadline, then rethrown so the caller retries rather than failing the run.
 */
export async function waitForReady(
  client: K8sClient,
  targets: readonly WaitTarget[],
  options: WaitOptions,
): Promise<WaitReport> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  let delay = options.initialPollMs ?? 200;
  const maxDelay = options.maxPollMs ?? 2000;
  let polls = 0;
  let lastError: EngineError | undefined;
  let pending: Verdict[] = [];
  if (targets.length === 0) return { elapsedMs: 0, polls };
  for (;;) {
    options.signal?.throwIfAborted();
    polls += 1;
    try {
      const verdicts = await pollOnce(client, targets);
      lastError = undefined;
      const failed = verdicts.filter((v) => v.readiness.state === "failed");
      if (failed.length > 0) {
        const details = failed.map(line);
        throw new EngineError("WorkloadFailed", `${details.join("; ")}`, { details });
      }
      pending = verdicts.filter((v) => v.readiness.state === "pending");
      if (pending.length === 0) return { elapsedMs: Math.round(performance.now() - started), polls };
    } catch (error) {
      if (!(error instanceof EngineError) || !error.transient) throw error;
      lastError = error;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    await sleep(
      Math.min(delay, remaining),
      undefined,
      options.signal ? { signal: options.signal } : undefined,
    );
    delay = Math.min(delay * 1.6, maxDelay);
  }
  if (lastError) throw lastError;
  const details = pending.map(line);
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  throw new EngineError("WaitTimeout", `not ready after ${seconds}s: ${details.join("; ")}`, { details });
}
