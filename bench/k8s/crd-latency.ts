import { setTimeout as sleep } from "node:timers/promises";
import { applyObjects } from "../../src/k8s/apply.ts";
import type { K8sClient } from "../../src/k8s/client.ts";
import { readinessOf } from "../../src/k8s/readiness.ts";
import { crd } from "../../test/support/fixtures/istio-like-crds.ts";

/**
 * Time from the server-side apply of a fresh CRD (request sent) until a GET shows Established
 * and NamesAccepted, polled every 5 ms so the poll interval barely adds to the figure.
 */
export async function crdEstablishedLatency(client: K8sClient, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const plural = `benchwidgets${Date.now().toString(36)}${i}`;
    const object = crd("bench.meshfleet.io", `BenchWidget${i}x${Date.now().toString(36)}`, plural);
    const started = performance.now();
    await applyObjects(client, [object]);
    for (;;) {
      const res = await client.request({
        method: "GET",
        path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${plural}.bench.meshfleet.io`,
      });
      if (readinessOf("CustomResourceDefinition", res.body as object).state === "ready") break;
      await sleep(5);
    }
    times.push(performance.now() - started);
  }
  return times;
}
