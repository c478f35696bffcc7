import type { K8sObject } from "../../src/domain/manifests/types.ts";
import { fixtureRelease } from "../../test/support/fixtures/index.ts";
import type { FleetCluster } from "../../test/support/fleet/index.ts";
import { releaseFromObjects } from "../../test/support/workers.ts";
import type { BenchApi, BenchResponse } from "./harness.ts";
import { mapLimit } from "./pool.ts";
import { epochNow } from "./timed-engine.ts";

/** One registration: its own profiles and namespaces on one of the fleet's control planes. */
export interface BenchCluster {
  index: number;
  id: string;
  /** Index of the control plane in the fleet (round-robin). */
  plane: number;
  /** Profile the workers install, in namespace `bench-<index>`. */
  profile: string;
  /** Profile the direct-engine baseline installs, in namespace `direct-<index>`. */
  directProfile: string;
}

/** Parallel API calls during setup: the in-process API shares a small database pool. */
const SETUP_LANES = 8;

function expectStatus(res: BenchResponse, status: number, what: string): BenchResponse {
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/**
 * Uploads the fixture releases 1.4.3 and 1.4.4, registers `count` clusters round-robin over
 * the control planes, and creates two profiles per registration on release 1.4.3 (version 1):
 * one for the workers, one for the baseline. Each profile moves the release into its own
 * namespace, so registrations sharing a control plane do not share namespaced objects.
 */
export async function setUpTenant(
  api: BenchApi,
  key: string,
  planes: readonly FleetCluster[],
  count: number,
): Promise<BenchCluster[]> {
  for (const [version, objects] of [
    ["1.4.3", fixtureRelease(1)],
    ["1.4.4", fixtureRelease(2)],
  ] as const) {
    const res = await api.call("POST", "/v1/releases", key, releaseFromObjects(version, objects));
    expectStatus(res, 201, `upload release ${version}`);
  }
  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapLimit(indexes, SETUP_LANES, async (index) => {
    const plane = index % planes.length;
    const registered = await api.call("POST", "/v1/clusters", key, {
      name: `bench-${index}`,
      labels: { plane: String(plane) },
      kubeconfig: planes[plane]!.kubeconfig,
    });
    expectStatus(registered, 201, `register bench-${index}`);
    const profile = `mesh-${index}`;
    const directProfile = `direct-${index}`;
    for (const [name, namespace] of [
      [profile, `bench-${index}`],
      [directProfile, `direct-${index}`],
    ]) {
      const res = await api.call("POST", "/v1/profiles", key, {
        name,
        namespace,
        release: "1.4.3",
        profile: "default",
        driftPolicy: "ignore",
        waitTimeoutSeconds: 600,
      });
      expectStatus(res, 201, `create profile ${name}`);
    }
    return { index, id: registered.body.id as string, plane, profile, directProfile };
  });
}

/** PATCHes every profile to release 1.4.4, making version 2 of each. */
export async function bumpProfiles(api: BenchApi, key: string, names: readonly string[]): Promise<void> {
  await mapLimit(names, SETUP_LANES, async (name) => {
    const res = await api.call("PATCH", `/v1/profiles/${name}`, key, { release: "1.4.4" });
    expectStatus(res, 200, `patch profile ${name}`);
    if (res.body.latestVersion !== 2)
      throw new Error(`profile ${name} is at version ${res.body.latestVersion}`);
  });
}

/**
 * PUTs the desired profile version for every cluster, `lanes` requests at a time, as a client
 * script converging a fleet would. Returns when each PUT was sent (epoch ms) by cluster id.
 */
export async function desireAll(
  api: BenchApi,
  key: string,
  clusters: readonly BenchCluster[],
  version: number,
  lanes: number,
): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  await mapLimit(clusters, lanes, async (c) => {
    sentAt.set(c.id, epochNow());
    const res = await api.call("PUT", `/v1/clusters/${c.id}/mesh`, key, { profile: c.profile, version });
    expectStatus(res, 202, `desire ${c.profile} v${version}`);
  });
  return sentAt;
}

/** The manifests the API renders for a profile version and cluster, flattened in apply order. */
export async function renderedObjects(
  api: BenchApi,
  key: string,
  profile: string,
  version: number,
  clusterId: string,
): Promise<K8sObject[]> {
  const res = await api.call(
    "GET",
    `/v1/profiles/${profile}/versions/${version}/render?cluster=${clusterId}`,
    key,
  );
  expectStatus(res, 200, `render ${profile} v${version}`);
  return (res.body.phases as { objects: K8sObject[] }[]).flatMap((p) => p.objects);
}
