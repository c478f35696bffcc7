import { type ChildProcess, spawn } from "node:child_process";
import { isListening } from "../../src/node/redis.ts";
import { freePort } from "./fleet/ports.ts";

/** A private redis-server on a free loopback port, that a test can stop and start (empty each time). */
export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        "redis-server",
        ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
        {
          stdio: "ignore",
        },
      );
      for (let i = 0; i < 100 && !(await isListening("127.0.0.1", port, 100)); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once("exit", () => resolve());
        c.kill("SIGKILL");
      });
    },
  };
  process.once("exit", () => child?.kill("SIGKILL"));
  await redis.start();
  return redis;
}
