import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

/** A PgBouncer this bench started, and how to stop it. */
export interface Pooler {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts PgBouncer (transaction pooling, 10 server connections) on a free loopback port in
 * front of the machine's Postgres, or returns undefined when it is not installed
 * (`apt-get install pgbouncer`). Locally, Miniflare's Hyperdrive is a plain pass-through, so
 * every Worker request would open a new Postgres connection; real Hyperdrive keeps a warm pool
 * next to the database. PgBouncer stands in for that pool, so the comparison with Node's own
 * pool measures the runtimes rather than Postgres's connection start-up.
 */
export async function startPgbouncer(dir: string, upstreamPort = 5432): Promise<Pooler | undefined> {
  const port = await freePort();
  const home = join(dir, "pgbouncer");
  await mkdir(home, { recursive: true });
  const ini = [
    "[databases]",
    `* = host=127.0.0.1 port=${upstreamPort}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "auth_type = trust",
    `auth_file = ${join(home, "users.txt")}`,
    "pool_mode = transaction",
    "default_pool_size = 10",
    "max_client_conn = 2000",
    "unix_socket_dir =",
    "ignore_startup_parameters = extra_float_digits,application_name",
  ].join("\n");
  await writeFile(join(home, "pgbouncer.ini"), `${ini}\n`);
  await writeFile(join(home, "users.txt"), '"postgres" ""\n');
  // PgBouncer refuses to run as root; `-u postgres` drops privileges, so its files must be readable.
  for (const path of [dir, home, join(home, "pgbouncer.ini"), join(home, "users.txt")])
    await chmod(path, 0o755);
  const args = process.getuid?.() === 0 ? ["-u", "postgres"] : [];
  let child: ChildProcess;
  try {
    child = spawn("pgbouncer", [...args, join(home, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      const ready = (chunk: Buffer) => {
        if (chunk.toString().includes("process up")) resolve();
      };
      child.stdout!.on("data", ready);
      child.stderr!.on("data", ready);
      child.once("exit", (code) => reject(new Error(`pgbouncer exited with ${code}`)));
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
