import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import type { Logger } from "../logger.ts";

/** Whether something accepts TCP connections at host:port within `timeoutMs`. */
export function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Makes sure Redis answers at `url`. When nothing listens on a loopback address and
 * `redis-server` is on PATH, starts one that lives as long as this process (returned so the
 * caller stops it on exit). Otherwise throws with a message saying how to get Redis.
 */
export async function ensureRedis(url: string, logger: Logger): Promise<ChildProcess | undefined> {
  const { hostname, port: portText } = new URL(url);
  const port = Number(portText || 6379);
  if (await isListening(hostname, port)) return undefined;
  const loopback = hostname === "127.0.0.1" || hostname === "localhost" || hostname === "::1";
  const hasServer = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  if (!loopback || !hasServer) {
    throw new Error(
      `nothing answers at REDIS_URL=${url}. Start Redis (e.g. 'apt-get install redis-server' then ` +
        `'redis-server --daemonize yes --port ${port}') or point REDIS_URL at one.`,
    );
  }
  logger.warn({ port }, "no Redis answered: starting redis-server for this process");
  const child = spawn(
    "redis-server",
    [
      "--bind",
      hostname === "localhost" ? "127.0.0.1" : hostname,
      "--port",
      String(port),
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 50; i++) {
    if (await isListening(hostname, port, 200)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`started redis-server on port ${port} but it did not answer`);
}
