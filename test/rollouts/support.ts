import type { ApiHarness, TestResponse } from "../support/api.ts";
import { fixtureRelease } from "../support/fixtures/index.ts";
import { releaseFromObjects, waitFor } from "../support/workers.ts";

/** A tenant with releases 1.4.3 and 1.4.4 and a profile whose version 1 uses the first, 2 the second. */
export interface RolloutTenant {
  key: string;
  tenant: string;
  profile: string;
}

/**
 * Creates the tenant's releases and profile `name` in namespace `namespace`. Version 2 may carry
 * overlays (the failure-budget test labels its pods) and a short workload deadline.
 */
export async function setupTenant(
  api: ApiHarness,
  options: {
    profile?: string;
    namespace?: string;
    v2?: { overlays?: unknown[]; waitTimeoutSeconds?: number };
  } = {},
): Promise<RolloutTenant> {
  const { secret: key, tenant } = await api.key("write");
  const profile = options.profile ?? "mesh";
  for (const [version, n] of [
    ["1.4.3", 1],
    ["1.4.4", 2],
  ] as const) {
    await expectStatus(
      api.call("POST", "/v1/releases", { key, body: releaseFromObjects(version, fixtureRelease(n)) }),
      201,
    );
  }
  await expectStatus(
    api.call("POST", "/v1/profiles", {
      key,
      body: {
        name: profile,
        release: "1.4.3",
        profile: "default",
        namespace: options.namespace ?? "istio-system",
        waitTimeoutSeconds: 60,
      },
    }),
    201,
  );
  await expectStatus(
    api.call("PATCH", `/v1/profiles/${profile}`, { key, body: { release: "1.4.4", ...options.v2 } }),
    200,
  );
  return { key, tenant, profile };
}

/** Registers clusters; returns their ids by name. */
export async function registerClusters(
  api: ApiHarness,
  key: string,
  clusters: readonly { name: string; labels?: Record<string, string>; kubeconfig: string }[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const cluster of clusters) {
    const res = await expectStatus(
      api.call("POST", "/v1/clusters", { key, body: { labels: {}, ...cluster } }),
      201,
    );
    ids[cluster.name] = res.body.id;
  }
  return ids;
}

/** Awaits a response and checks its status, showing the body when it differs. */
export async function expectStatus(pending: Promise<TestResponse>, status: number): Promise<TestResponse> {
  const res = await pending;
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** Polls a rollout's status until `done`; a deadline for convergence, not a timing assertion. */
export async function waitForRollout(
  api: ApiHarness,
  key: string,
  id: string,
  // biome-ignore lint/suspicious/noExplicitAny: the status view is JSON
  done: (rollout: any) => boolean,
  what: string,
  timeoutMs = 180_000,
) {
  return waitFor(async () => (await api.call("GET", `/v1/rollouts/${id}`, { key })).body, done, {
    what,
    timeoutMs,
    intervalMs: 250,
  });
}

/** Names of each wave's clusters. */
export function waveNames(rollout: { waves: { clusters: { name: string }[] }[] }): string[][] {
  return rollout.waves.map((wave) => wave.clusters.map((cluster) => cluster.name));
}
