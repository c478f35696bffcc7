import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { K8sObject } from "../../src/domain/manifests/types.ts";
import type { ClusterTarget } from "../../src/k8s/client.ts";
import { createEngine, type Engine } from "../../src/k8s/engine.ts";
import { EngineError } from "../../src/k8s/errors.ts";
import { planPhases } from "../../src/k8s/plan.ts";
import { fixtureRelease } from "../support/fixtures/index.ts";
import { type Fleet, type Kubelet, startFleet, startKubelet } from "../support/fleet/index.ts";

let fleet: Fleet;
let kubelet: Kubelet;
let engine: Engine;
let target: ClusterTarget;

beforeAll(async () => {
  fleet = await startFleet({ clusters: 1 });
  const cluster = fleet.clusters[0]!;
  kubelet = await startKubelet(cluster.vetted);
  engine = createEngine({ allowLoopback: true });
  target = { id: cluster.name, credentialsVersion: 1, kubeconfig: cluster.vetted };
});

afterEach(() => kubelet?.clear());

afterAll(async () => {
  await engine?.close();
  await kubelet?.stop();
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

/** Applies a release's three phases with the CRD wait in between, as the worker does. */
async function applyAll(objects: readonly K8sObject[]) {
  const plan = planPhases(objects);
  await engine.applyPhase(target, plan.namespaces);
  await engine.applyPhase(target, plan.crds);
  await engine.waitForCrds(target, plan.crds, { timeoutMs: 30_000 });
  await engine.applyPhase(target, plan.resources);
  return plan;
}

function deployment(ns: string, name: string, progressDeadlineSeconds?: number): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      ...(progressDeadlineSeconds ? { progressDeadlineSeconds } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "c", image: "busybox:1" }] },
      },
    },
  };
}

const namespace = (name: string): K8sObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });

describe("waits on real controllers", () => {
  test("a pod kept unready fails the workload wait with the resource and reason named", async () => {
    kubelet.keepUnready({ namespace: "waits-a", namePrefix: "istiod-" });
    const plan = await applyAll(fixtureRelease(1, { namespace: "waits-a" }));
    const error = await failure(engine.waitForWorkloads(target, plan.resources, { timeoutMs: 3000 }));
    expect(error.reason).toBe("WaitTimeout");
    expect(error.transient).toBe(false);
    expect(error.details).toEqual(["deployment waits-a/istiod: 0/1 available"]);
    expect(error.message).toBe("not ready after 3s: deployment waits-a/istiod: 0/1 available");

    kubelet.clear();
    await expect(
      engine.waitForWorkloads(target, plan.resources, { timeoutMs: 30_000 }),
    ).resolves.toMatchObject({
      polls: expect.any(Number),
    });
  });

  test("ProgressDeadlineExceeded fails the wait at once instead of waiting out the deadline", async () => {
    kubelet.keepUnready({ namespace: "waits-b" });
    const objects = [namespace("waits-b"), deployment("waits-b", "stuck", 1)];
    const plan = await applyAll(objects);
    const error = await failure(engine.waitForWorkloads(target, plan.resources, { timeoutMs: 60_000 }));
    expect(error.reason).toBe("WorkloadFailed");
    expect(error.details[0]).toMatch(/^deployment waits-b\/stuck: ProgressDeadlineExceeded: /);
  });

  test("a failed Job in the CRD phase fails the CRD wait at once", async () => {
    kubelet.fail({ namespace: "waits-c", namePrefix: "istio-init-crd-10-" });
    const plan = planPhases(fixtureRelease(1, { namespace: "waits-c" }));
    await engine.applyPhase(target, plan.namespaces);
    await engine.applyPhase(target, plan.crds);
    const error = await failure(engine.waitForCrds(target, plan.crds, { timeoutMs: 60_000 }));
    expect(error.reason).toBe("WorkloadFailed");
    expect(error.details).toEqual([
      "job waits-c/istio-init-crd-10-1.4.3: failed: BackoffLimitExceeded: Job has reached the specified backoff limit",
    ]);
  });

  test("a kind the cluster does not serve is a permanent KindNotFound", async () => {
    const object = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w", namespace: "default" },
    };
    const error = await failure(engine.applyPhase(target, [object]));
    expect(error.reason).toBe("KindNotFound");
    expect(error.transient).toBe(false);
  });

  test("an invalid object is a permanent Invalid naming the object", async () => {
    const bad = deployment("default", "bad");
    (bad.spec as { replicas: number }).replicas = -1;
    const error = await failure(engine.applyPhase(target, [bad]));
    expect(error.reason).toBe("Invalid");
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(/^apply deployment default\/bad: .*spec.replicas/);
  });
});
