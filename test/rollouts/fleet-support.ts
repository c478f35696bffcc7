import { sql } from "drizzle-orm";
import type { VettedKubeconfig } from "../../src/domain/kubeconfig/types.ts";
import { K8sClient } from "../../src/k8s/client.ts";
import type { ApiHarness } from "../support/api.ts";
import {
  type Fleet,
  type FleetCluster,
  type Kubelet,
  startFleet,
  startKubelet,
} from "../support/fleet/index.ts";

/** Local control planes with a kubelet stand-in each. */
export interface RolloutFleet {
  clusters: FleetCluster[];
  kubelets: Kubelet[];
  stop(): Promise<void>;
}

/** Control planes started at once: a dozen booting together on two cores miss their deadline. */
const GROUP = 4;

/**
 * Starts `count` control planes, in groups of four one group after the other (each group is
 * a fleet with its own etcd), and a kubelet per control plane; stop() kills them all.
 */
export async function startRolloutFleet(count: number): Promise<RolloutFleet> {
  const fleets: Fleet[] = [];
  const kubelets: Kubelet[] = [];
  const stop = async () => {
    await Promise.all(kubelets.map((k) => k.stop()));
    await Promise.all(fleets.map((f) => f.stop()));
  };
  try {
    for (let started = 0; started < count; started += GROUP) {
      const fleet = await startFleet({ clusters: Math.min(GROUP, count - started) });
      fleets.push(fleet);
      kubelets.push(
        ...(await Promise.all(fleet.clusters.map((c) => startKubelet(c.vetted, { intervalMs: 300 })))),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { clusters: fleets.flatMap((f) => f.clusters), kubelets, stop };
}

/** What a cluster runs, read from the cluster itself (not from meshfleet's database). */
export interface LiveMesh {
  /** Image of the istiod Deployment's container: pilot:1.4.3 for release v1, 1.4.4 for v2. */
  image: string | null;
  /** Whether the v1-only ConfigMap `istio-sidecar-injector` exists (v2 prunes it). */
  sidecarInjector: boolean;
}

/** Reads the mesh objects in `namespace` on a cluster. */
export async function liveMesh(kubeconfig: VettedKubeconfig, namespace: string): Promise<LiveMesh> {
  const client = await K8sClient.create(
    { id: `verify-${namespace}`, credentialsVersion: 0, kubeconfig },
    { allowLoopback: true, requestTimeoutMs: 10_000 },
  );
  try {
    const deployment = await client.request<{
      spec: { template: { spec: { containers: { image: string }[] } } };
    }>({
      method: "GET",
      path: `/apis/apps/v1/namespaces/${namespace}/deployments/istiod`,
      allowStatus: [404],
    });
    const injector = await client.request({
      method: "GET",
      path: `/api/v1/namespaces/${namespace}/configmaps/istio-sidecar-injector`,
      allowStatus: [404],
    });
    return {
      image:
        deployment.status === 404 ? null : (deployment.body.spec.template.spec.containers[0]?.image ?? null),
      sidecarInjector: injector.status !== 404,
    };
  } finally {
    await client.close();
  }
}

/** The mesh each release installs, as liveMesh reads it. */
export const V1_MESH: LiveMesh = { image: "docker.io/istio/pilot:1.4.3", sidecarInjector: true };
export const V2_MESH: LiveMesh = { image: "docker.io/istio/pilot:1.4.4", sidecarInjector: false };

/** A run a rollout started, as stored. */
export interface RolloutRun {
  id: string;
  cluster: string;
  kind: string;
  status: string;
  profileVersion: number | null;
  generation: number;
  errorReason: string | null;
  createdAt: number;
  /** Set by the install worker when it picks the run up: always after the tick that created it committed. */
  startedAt: number | null;
  finishedAt: number | null;
}

/** Every run a rollout started, oldest first, with cluster names. */
export async function rolloutRuns(api: ApiHarness, rolloutId: string): Promise<RolloutRun[]> {
  const rows = (await api.database.db.execute(sql`
    select r.id, c.name as cluster, r.kind, r.status, r.profile_version, r.generation, r.error_reason,
           r.created_at, r.started_at, r.finished_at
    from runs r join clusters c on c.id = r.cluster_id
    where r.rollout_id = ${rolloutId} order by r.created_at, c.name`)) as unknown as Record<
    string,
    unknown
  >[];
  return rows.map((row) => ({
    id: row.id as string,
    cluster: row.cluster as string,
    kind: row.kind as string,
    status: row.status as string,
    profileVersion: row.profile_version as number | null,
    generation: row.generation as number,
    errorReason: row.error_reason as string | null,
    createdAt: new Date(row.created_at as string).getTime(),
    startedAt: row.started_at ? new Date(row.started_at as string).getTime() : null,
    finishedAt: row.finished_at ? new Date(row.finished_at as string).getTime() : null,
  }));
}

/** Rollout event types in order, with `:waveIndex` where the event names a wave. */
export async function rolloutEventTypes(api: ApiHarness, key: string, rolloutId: string): Promise<string[]> {
  const res = await api.call("GET", "/v1/events?type=rollout.*&limit=500", { key });
  return res.body.items
    .filter((e: { subjectId: string }) => e.subjectId === rolloutId)
    .map((e: { type: string; data: { waveIndex?: number } }) =>
      e.data.waveIndex === undefined ? e.type : `${e.type}:${e.data.waveIndex}`,
    );
}
