import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../../../scripts/kube-binaries.sh", import.meta.url));
const NEEDED = ["kube-apiserver", "kube-controller-manager", "etcd"];

let cached: string | undefined;

/**
 * Directory holding kube-apiserver, kube-controller-manager and etcd: MESHFLEET_KUBE_BIN_DIR,
 * else whatever scripts/kube-binaries.sh prints (it builds into a cache on first use, which
 * takes minutes once; its progress goes to this process's stderr).
 */
export function kubeBinDir(): string {
  if (cached) return cached;
  const fromEnv = process.env.MESHFLEET_KUBE_BIN_DIR;
  if (fromEnv && NEEDED.every((b) => existsSync(`${fromEnv}/${b}`))) {
    cached = fromEnv;
    return fromEnv;
  }
  const run = spawnSync("bash", [SCRIPT], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const dir = run.stdout.trim().split("\n").pop();
  if (run.status !== 0 || !dir) throw new Error(`scripts/kube-binaries.sh failed (exit ${run.status})`);
  cached = dir;
  return dir;
}
