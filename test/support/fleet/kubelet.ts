import { setTimeout as sleep } from "node:timers/promises";
import type { VettedKubeconfig } from "../../../src/domain/kubeconfig/types.ts";
import { K8sClient } from "../../../src/k8s/client.ts";
import { type PodLike, type PodMatch, type PodRule, statusPatch } from "./pod-status.ts";

/** Test stand-in for the kubelets a cluster would have (there are no nodes here). */
export interface Kubelet {
  /** Keep matching pods Running but not Ready, until `clear()`. */
  keepUnready(match: PodMatch): void;
  /** Mark matching pods Failed (Jobs then fail; ReplicaSets replace them). */
  fail(match: PodMatch): void;
  /** Drop every rule: pods become Ready (or Succeeded for Job pods) on the next sync. */
  clear(): void;
  /** Status patches made so far. */
  readonly patched: number;
  stop(): Promise<void>;
}

/**
 * Polls every pod of a cluster and patches the `status` subresource the way a kubelet would,
 * so the real deployment and job controllers report Available or Complete. Rules pick pods to
 * keep unready or to fail. This is a named fake: nothing here can run real containers.
 */
export async function startKubelet(
  kubeconfig: VettedKubeconfig,
  options: { intervalMs?: number; name?: string } = {},
): Promise<Kubelet> {
  const client = await K8sClient.create(
    { id: options.name ?? "test-kubelet", credentialsVersion: 0, kubeconfig },
    { allowLoopback: true, requestTimeoutMs: 5000 },
  );
  const rules: PodRule[] = [];
  let patched = 0;
  let running = true;

  const syncOnce = async () => {
    const res = await client.request<{ items: PodLike[] }>({ method: "GET", path: "/api/v1/pods" });
    await Promise.all(
      res.body.items.map(async (pod) => {
        const patch = statusPatch(pod, rules, new Date());
        if (!patch) return;
        await client.request({
          method: "PATCH",
          path: `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
          body: patch,
          contentType: "application/merge-patch+json",
          allowStatus: [404, 409],
        });
        patched += 1;
      }),
    );
  };

  const loop = (async () => {
    while (running) {
      // An API server stopped by a test is expected; keep going until stop().
      await syncOnce().catch(() => undefined);
      await sleep(options.intervalMs ?? 150);
    }
  })();

  return {
    keepUnready: (match) => rules.push({ match, action: "unready" }),
    fail: (match) => rules.push({ match, action: "fail" }),
    clear: () => rules.splice(0),
    get patched() {
      return patched;
    },
    stop: async () => {
      running = false;
      await loop;
      await client.close();
    },
  };
}
