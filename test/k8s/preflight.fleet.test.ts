import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ClusterTarget } from "../../src/k8s/client.ts";
import { createEngine, type Engine } from "../../src/k8s/engine.ts";
import { EngineError } from "../../src/k8s/errors.ts";
import { FIXTURE_KUBERNETES_RANGE, releaseV1 } from "../support/fixtures/index.ts";
import { type Fleet, type FleetCluster, startFleet } from "../support/fleet/index.ts";

let fleet: Fleet;
let cluster: FleetCluster;
let engine: Engine;
let admin: ClusterTarget;

beforeAll(async () => {
  fleet = await startFleet({ clusters: 1 });
  cluster = fleet.clusters[0]!;
  engine = createEngine({ allowLoopback: true, requestTimeoutMs: 5000 });
  admin = { id: "admin", credentialsVersion: 1, kubeconfig: cluster.vetted };
});

afterAll(async () => {
  await engine?.close();
  await fleet?.stop();
});

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

const input = { objects: releaseV1, kubernetesRange: FIXTURE_KUBERNETES_RANGE };

describe("preflight against a real API server", () => {
  test("passes for an admin token and reports the server version", async () => {
    const report = await engine.preflight(admin, input);
    expect(report).toMatchObject({ serverVersion: "v1.20.2", minor: 20, adopted: [] });
    expect(report.permissionsChecked).toBe(50);
  });

  test("a restricted token is refused with every missing permission listed in one error", async () => {
    const restricted = { id: "restricted", credentialsVersion: 1, kubeconfig: cluster.restrictedVetted };
    const error = await failure(engine.preflight(restricted, input));
    expect(error.reason).toBe("Forbidden");
    expect(error.transient).toBe(false);
    // 50 checks; the token may get/list namespaces and configmaps, so 46 are missing.
    expect(error.details).toHaveLength(46);
    expect(error.details).toEqual(
      expect.arrayContaining([
        "create customresourcedefinitions.apiextensions.k8s.io (cluster-wide)",
        "patch deployments.apps in istio-system",
        "delete namespaces (cluster-wide)",
        "create peerauthentications.security.istio.io in istio-system",
        "list deployments.apps (cluster-wide)",
      ]),
    );
    expect(error.details).not.toContain("get configmaps in istio-system");
    expect(error.details).not.toContain("list namespaces (cluster-wide)");
  });

  test("a Kubernetes version outside the release's range is refused unless overridden", async () => {
    const narrow = { ...input, kubernetesRange: { min: "1.29", max: "1.33" } };
    const error = await failure(engine.preflight(admin, narrow));
    expect(error.reason).toBe("VersionUnsupported");
    expect(error.message).toContain("Kubernetes 1.20 is outside the supported range 1.29–1.33");
    await expect(
      engine.preflight(admin, { ...narrow, allowUnsupportedVersion: true }),
    ).resolves.toMatchObject({
      minor: 20,
    });
  });

  test("an Istio control plane meshfleet does not manage is refused unless adopting", async () => {
    const client = await engine.client(admin);
    await client.request({
      method: "POST",
      path: "/api/v1/namespaces",
      body: { metadata: { name: "other-mesh" } },
    });
    await client.request({
      method: "POST",
      path: "/apis/apps/v1/namespaces/other-mesh/deployments",
      body: {
        metadata: { name: "istiod", labels: { app: "istiod", istio: "pilot" } },
        spec: {
          selector: { matchLabels: { app: "istiod" } },
          template: {
            metadata: { labels: { app: "istiod" } },
            spec: { containers: [{ name: "discovery", image: "docker.io/istio/pilot:1.24.2" }] },
          },
        },
      },
    });
    const error = await failure(engine.preflight(admin, input));
    expect(error.reason).toBe("UnmanagedIstio");
    expect(error.details).toEqual(["deployment other-mesh/istiod"]);
    const adopted = await engine.preflight(admin, { ...input, adopt: true });
    expect(adopted.adopted).toEqual(["deployment other-mesh/istiod"]);
    await client.request({
      method: "DELETE",
      path: "/apis/apps/v1/namespaces/other-mesh/deployments/istiod",
    });
    await client.request({ method: "DELETE", path: "/api/v1/namespaces/other-mesh" });
  });

  test("loopback servers are refused unless the engine allows them", async () => {
    const strict = createEngine();
    const error = await failure(strict.preflight(admin, input));
    expect(error.reason).toBe("AddressRefused");
    expect(error.transient).toBe(false);
    await strict.close();
  });

  test("a stopped API server gives a transient error, and the same engine recovers once it is back", async () => {
    await cluster.stopApiserver();
    try {
      const error = await failure(engine.preflight(admin, input));
      expect(error.reason).toBe("Unreachable");
      expect(error.transient).toBe(true);
      expect(error.message).toContain("ECONNREFUSED");
    } finally {
      await cluster.startApiserver();
    }
    await expect(engine.preflight(admin, input)).resolves.toMatchObject({ minor: 20 });
  }, 90_000);
});
