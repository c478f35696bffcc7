import { afterAll, beforeAll } from "vitest";
import type { Workers } from "../../workers/runtime.ts";
import { type Fleet, type Kubelet, startFleet, startKubelet } from "./fleet/index.ts";

/** A one-cluster fleet with its kubelet stand-in, and the workers a test file may start. */
export interface OneClusterEnv {
  fleet: Fleet;
  kubelet: Kubelet;
  workers: Workers | undefined;
}

/**
 * Starts a one-cluster fleet and kubelet before the file's tests and stops them after,
 * closing the file's workers first so no job touches a stopped cluster.
 */
export function useOneClusterFleet(): OneClusterEnv {
  const env = { workers: undefined } as OneClusterEnv;
  beforeAll(async () => {
    env.fleet = await startFleet({ clusters: 1 });
    env.kubelet = await startKubelet(env.fleet.clusters[0]!.vetted, { intervalMs: 300 });
  });
  afterAll(async () => {
    await env.workers?.close();
    await env.kubelet?.stop();
    await env.fleet?.stop();
  });
  return env;
}
