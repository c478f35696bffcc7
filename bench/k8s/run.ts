/**
 * Engine benchmark on the local fleet. Run from the repo root:
 *   npx node --expose-gc bench/k8s/run.ts
 * Prints tables: fleet start-up, API requests per install vs object count (with the computed
 * `kubectl apply --server-side` reference), CRD apply → Established latency, and engine memory
 * for 100 registered clusters.
 */
import { createEngine } from "../../src/k8s/engine.ts";
import { startFleet, startKubelet } from "../../test/support/fleet/index.ts";
import { crdEstablishedLatency } from "./crd-latency.ts";
import { clientMemory } from "./memory.ts";
import { countInstall, type RequestRow, sizedRelease } from "./requests.ts";

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
};

const startups: number[] = [];
for (let i = 0; i < 2; i++) {
  const probe = await startFleet({ clusters: 3 });
  startups.push(probe.startupMs);
  await probe.stop();
}
console.log("\n3-cluster fleet start-up (ms):", startups.join(", "));

const fleet = await startFleet({ clusters: 3 });
try {
  const cluster = fleet.clusters[0]!;
  const kubelet = await startKubelet(cluster.vetted);
  const rows: RequestRow[] = [];
  for (const extra of [0, 40, 100]) {
    // A fresh engine per size: discovery starts cold, as for a worker meeting a cluster the first time.
    const engine = createEngine({ allowLoopback: true });
    const target = { id: `size-${extra}`, credentialsVersion: 1, kubeconfig: cluster.vetted };
    const objects = sizedRelease(`bench-${extra}`, extra);
    const first = await countInstall(engine, target, objects);
    rows.push({ run: "first install", ...first.row });
    const again = await countInstall(engine, target, objects, first.inventory);
    rows.push({ run: "re-apply", ...again.row });
    await engine.close();
  }
  console.log("\nAPI requests per install (counted at the client):");
  console.table(
    rows.map((r) => ({
      objects: r.objects,
      run: r.run,
      ...r.perStep,
      "apply steps": r.applySteps,
      total: r.total,
      "kubectl SSA ref": r.kubectlReference,
    })),
  );

  const engine = createEngine({ allowLoopback: true });
  const client = await engine.client({ id: "crd-bench", credentialsVersion: 1, kubeconfig: cluster.vetted });
  const latencies = await crdEstablishedLatency(client, 20);
  console.log(
    `\nCRD apply → Established (20 fresh CRDs, ms): median ${pct(latencies, 50)}, p95 ${pct(latencies, 95)}, max ${pct(latencies, 100)}`,
  );
  console.log(`  in order: ${latencies.map((t) => Math.round(t)).join(", ")}`);
  await engine.close();
  await kubelet.stop();

  console.log("\nEngine memory for 100 registered clusters (KiB, delta vs a baseline taken just before):");
  console.table(
    await clientMemory(
      fleet.clusters.map((c) => c.vetted),
      100,
    ),
  );
} finally {
  await fleet.stop();
}
