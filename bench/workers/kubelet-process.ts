/**
 * Child process: the fleet's kubelet stand-ins (test/support/fleet/kubelet.ts), kept out of
 * the benchmark's own event loop so their pod LISTs and status patches do not count as
 * worker overhead. Reads `{ intervalMs, clusters: VettedKubeconfig[] }` as JSON on stdin,
 * prints "ready", and stops on SIGTERM or when the parent goes away (stdin closes).
 */
import type { VettedKubeconfig } from "../../src/domain/kubeconfig/types.ts";
import { type Kubelet, startKubelet } from "../../test/support/fleet/index.ts";

interface KubeletSpec {
  intervalMs: number;
  clusters: VettedKubeconfig[];
}

const spec = await new Promise<KubeletSpec>((resolve) => {
  let input = "";
  process.stdin.setEncoding("utf8");
  const onData = (chunk: string) => {
    input += chunk;
    if (!input.endsWith("\n")) return;
    process.stdin.off("data", onData);
    resolve(JSON.parse(input) as KubeletSpec);
  };
  process.stdin.on("data", onData);
});
const kubelets: Kubelet[] = await Promise.all(
  spec.clusters.map((c, i) => startKubelet(c, { intervalMs: spec.intervalMs, name: `bench-kubelet-${i}` })),
);
process.stdout.write("ready\n");

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.all(kubelets.map((k) => k.stop()));
  process.stdout.write(`patched ${kubelets.reduce((n, k) => n + k.patched, 0)}\n`);
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.on("data", () => {});
