import type { ClusterTarget, Engine } from "../../src/k8s/index.ts";

/** One engine call as the workers made it: which cluster, which method, when (epoch ms). */
export interface EngineCall {
  cluster: string;
  method: string;
  start: number;
  end: number;
}

/** Epoch milliseconds with sub-millisecond precision, comparable with database timestamps. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The engine with every cluster-touching method timed into `calls`. Handed to the workers, it
 * tells how much of each recorded step was spent inside the engine (Kubernetes API calls and
 * the engine's own planning), so the rest is orchestration measured in the very same run.
 */
export function timedEngine(inner: Engine, calls: EngineCall[]): Engine {
  const timed =
    <A extends unknown[], R>(method: string, fn: (target: ClusterTarget, ...rest: A) => Promise<R>) =>
    async (target: ClusterTarget, ...rest: A): Promise<R> => {
      const start = epochNow();
      try {
        return await fn(target, ...rest);
      } finally {
        calls.push({ cluster: target.id, method, start, end: epochNow() });
      }
    };
  return {
    stats: inner.stats,
    clients: inner.clients,
    client: inner.client,
    close: inner.close,
    preflight: timed("preflight", inner.preflight),
    applyPhase: timed("applyPhase", inner.applyPhase),
    waitForCrds: timed("waitForCrds", inner.waitForCrds),
    waitForWorkloads: timed("waitForWorkloads", inner.waitForWorkloads),
    prune: timed("prune", inner.prune),
    uninstall: timed("uninstall", inner.uninstall),
    observe: timed("observe", inner.observe),
  };
}
