import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The Node API server in its own process, so the load generator doesn't share its CPU. */
export interface NodeServer {
  origin: string;
  stop(): Promise<void>;
}

/** Forks bench/edge/node-server.ts with its configuration in the environment; resolves once listening. */
export function startNodeServer(opts: {
  databaseUrl: string;
  keyRingSpec: string;
  perMinute: number;
}): Promise<NodeServer> {
  const child = fork(fileURLToPath(new URL("./node-server.ts", import.meta.url)), [], {
    // pino's request lines go to /dev/null: written as in production, not read.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      MESHFLEET_ENCRYPTION_KEYS: opts.keyRingSpec,
      HOST: "127.0.0.1",
      PORT: "0",
      MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: "true",
      MESHFLEET_RATE_LIMIT_PER_MINUTE: String(opts.perMinute),
      LOG_LEVEL: "info",
    },
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the Node server exited with ${code}`)));
    child.once("message", (msg) =>
      resolve({
        origin: `http://127.0.0.1:${(msg as { port: number }).port}`,
        stop: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            child.disconnect();
          }),
      }),
    );
  });
}
