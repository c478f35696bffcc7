import type { VettedKubeconfig } from "../../src/domain/kubeconfig/types.ts";
import { createEngine } from "../../src/k8s/engine.ts";

export interface MemoryRow {
  stage: string;
  rssKiB: number;
  heapKiB: number;
  externalKiB: number;
}

function settle(): NodeJS.MemoryUsage {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  return process.memoryUsage();
}

function sample(stage: string, base: NodeJS.MemoryUsage): MemoryRow {
  const now = settle();
  const kib = (n: number) => Math.round(n / 1024);
  return {
    stage,
    rssKiB: kib(now.rss - base.rss),
    heapKiB: kib(now.heapUsed - base.heapUsed),
    externalKiB: kib(now.external - base.external),
  };
}

/**
 * Memory the engine needs to hold clients for `count` registered clusters (spread over the
 * fleet's API servers, each with its own id and pool): once created, and once each pool holds
 * an open TLS connection after a request. Deltas against a baseline; run with --expose-gc.
 */
export async function clientMemory(
  servers: readonly VettedKubeconfig[],
  count: number,
): Promise<MemoryRow[]> {
  const base = settle();
  const engine = createEngine({ allowLoopback: true });
  const targets = Array.from({ length: count }, (_, i) => ({
    id: `cluster-${i}`,
    credentialsVersion: 1,
    kubeconfig: servers[i % servers.length]!,
  }));
  const rows: MemoryRow[] = [];
  const clients = await Promise.all(targets.map((t) => engine.client(t)));
  rows.push(sample(`${count} clients created`, base));
  await Promise.all(clients.map((c) => c.request({ method: "GET", path: "/version" })));
  rows.push(sample(`${count} clients, one open TLS connection each`, base));
  await engine.close();
  rows.push(sample("after close()", base));
  return rows;
}
