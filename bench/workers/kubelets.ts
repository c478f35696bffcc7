import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { VettedKubeconfig } from "../../src/domain/kubeconfig/types.ts";

/** The kubelet stand-ins running in their own process. */
export interface KubeletProcess {
  pid: number;
  /** Status patches made, known once stopped. */
  stop(): Promise<number | undefined>;
}

const ENTRY = fileURLToPath(new URL("./kubelet-process.ts", import.meta.url));

/**
 * Starts one kubelet stand-in per cluster in a child Node process (the same Node binary that
 * runs the bench). The kubeconfigs go over stdin, never argv or the environment.
 */
export async function startKubeletProcess(
  clusters: readonly VettedKubeconfig[],
  intervalMs: number,
): Promise<KubeletProcess> {
  const child = spawn(process.execPath, [ENTRY], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = once(child, "exit");
  let output = "";
  child.stdout.setEncoding("utf8");
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
      if (output.includes("ready\n")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`kubelet process exited early (${code})`)));
  });
  child.stdin.write(`${JSON.stringify({ intervalMs, clusters })}\n`);
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  await ready;
  return {
    pid: child.pid!,
    async stop() {
      process.off("exit", kill);
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(kill, 5_000);
        await exited;
        clearTimeout(timer);
      }
      const match = /patched (\d+)/.exec(output);
      return match ? Number(match[1]) : undefined;
    },
  };
}
