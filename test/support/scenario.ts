import { expect } from "vitest";
import type { ApiHarness } from "./api.ts";
import { fixtureRelease } from "./fixtures/index.ts";
import { releaseFromObjects, waitFor } from "./workers.ts";

/** A tenant with the fixture releases 1.4.3 (v1) and 1.4.4 (v2) and a profile on v1. */
export interface MeshScenario {
  key: string;
  tenant: string;
  /** Registers a cluster from kubeconfig text; returns its id. */
  register(name: string, kubeconfig: string, labels?: Record<string, string>): Promise<string>;
  /** Sets a cluster's desired profile version (202 expected). */
  desire(clusterId: string, version?: number): Promise<void>;
  /** Polls the cluster until its phase is one of `phases`. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  waitPhase(clusterId: string, phases: string[], timeoutMs?: number): Promise<Record<string, any>>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  get(path: string): Promise<any>;
}

/**
 * Uploads both fixture releases and creates profile `mesh` (v1 on release 1.4.3; a PATCH to
 * 1.4.4 makes v2). `profile` fields override the defaults (namespace, driftPolicy, timeouts).
 */
export async function meshScenario(
  api: ApiHarness,
  profile: Record<string, unknown> = {},
): Promise<MeshScenario> {
  const { secret: key, tenant } = await api.key("write");
  for (const [version, objects] of [
    ["1.4.3", fixtureRelease(1)],
    ["1.4.4", fixtureRelease(2)],
  ] as const) {
    const res = await api.call("POST", "/v1/releases", { key, body: releaseFromObjects(version, objects) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const created = await api.call("POST", "/v1/profiles", {
    key,
    body: { name: "mesh", release: "1.4.3", profile: "default", waitTimeoutSeconds: 60, ...profile },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const v2 = await api.call("PATCH", "/v1/profiles/mesh", { key, body: { release: "1.4.4" } });
  expect(v2.status).toBe(200);
  return {
    key,
    tenant,
    async register(name, kubeconfig, labels = {}) {
      const res = await api.call("POST", "/v1/clusters", { key, body: { name, labels, kubeconfig } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id;
    },
    async desire(clusterId, version = 1) {
      const res = await api.call("PUT", `/v1/clusters/${clusterId}/mesh`, {
        key,
        body: { profile: "mesh", version },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    },
    waitPhase(clusterId, phases, timeoutMs = 90_000) {
      return waitFor(
        async () => (await api.call("GET", `/v1/clusters/${clusterId}`, { key })).body,
        (c) => phases.includes(c?.observed?.phase),
        { timeoutMs, what: `cluster ${clusterId} in ${phases.join("/")}` },
      );
    },
    async get(path) {
      return (await api.call("GET", path, { key })).body;
    },
  };
}
