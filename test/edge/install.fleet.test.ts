import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createKeyRing } from "../../src/crypto/keyring.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import { startWorkers, type Workers } from "../../workers/runtime.ts";
import { releaseV1 } from "../support/fixtures/index.ts";
import { type Fleet, type Kubelet, startFleet, startKubelet } from "../support/fleet/index.ts";
import { releaseFromObjects, testWorkerSettings, waitFor } from "../support/workers.ts";
import { type EdgeHarness, startEdge } from "./support/edge.ts";

let edge: EdgeHarness;
let fleet: Fleet;
let kubelet: Kubelet;
let workers: Workers | undefined;

beforeAll(async () => {
  [edge, fleet] = await Promise.all([startEdge(), startFleet({ clusters: 1 })]);
  kubelet = await startKubelet(fleet.clusters[0]!.vetted, { intervalMs: 300 });
});

afterAll(async () => {
  await workers?.close();
  await kubelet?.stop();
  await fleet?.stop();
  await edge?.close();
});

describe("the serverless API with Node workers", () => {
  test("desired state written in workerd is relayed by a Node worker and installed on the fleet", async () => {
    const key = edge.adminKey;
    const cluster = await edge.call("POST", "/v1/clusters", {
      key,
      body: { name: "edge-installed", kubeconfig: fleet.clusters[0]!.kubeconfig },
    });
    expect(cluster.status, JSON.stringify(cluster.body)).toBe(201);
    const release = await edge.call("POST", "/v1/releases", {
      key,
      body: releaseFromObjects("1.4.3", releaseV1),
    });
    expect(release.status, JSON.stringify(release.body)).toBe(201);
    const profile = await edge.call("POST", "/v1/profiles", {
      key,
      body: { name: "edge-mesh", release: "1.4.3", profile: "default", waitTimeoutSeconds: 60 },
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    const put = await edge.call("PUT", `/v1/clusters/${cluster.body.id}/mesh`, {
      key,
      body: { profile: "edge-mesh" },
    });
    expect(put.status).toBe(202);

    // The workers run on Node with the same database and key ring: the kubeconfig sealed by
    // Web Crypto in workerd opens here.
    const logger = createConsoleLogger();
    const quiet = { ...logger, info: () => {}, debug: () => {}, warn: () => {}, child: () => quiet };
    workers = await startWorkers({
      database: edge.database,
      keyRing: await createKeyRing(edge.keyRingSpec),
      logger: quiet,
      settings: testWorkerSettings(),
    });
    const ready = await waitFor(
      async () => (await edge.call("GET", `/v1/clusters/${cluster.body.id}`, { key })).body,
      (c) => c?.observed?.phase === "Ready" || c?.observed?.phase === "Failed",
      { what: "cluster Ready", timeoutMs: 90_000 },
    );
    expect(ready.observed).toMatchObject({
      phase: "Ready",
      profile: "edge-mesh",
      version: 1,
      release: "1.4.3",
    });
    const run = await edge.call("GET", `/v1/runs/${ready.observed.lastRunId}`, { key });
    expect(run.body.steps.every((s: { status: string }) => s.status === "succeeded")).toBe(true);
  });
});
