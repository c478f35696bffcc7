import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** A server process the fleet started, with its log file for error messages. */
export interface Managed {
  name: string;
  pid: number;
  logFile: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const everyPid = new Set<number>();
let exitHookInstalled = false;

/** Last resort: when the test process exits for any reason, kill what it started. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const pid of everyPid) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

/**
 * Tracks the processes of one fleet by pid, and arms a detached watchdog that kills them if
 * this test process dies without running its exit hook (SIGKILL, OOM).
 */
export class ProcessGroup {
  readonly #dir: string;
  readonly #pidFile: string;
  readonly #procs = new Set<Managed>();
  #watchdog: ChildProcess | undefined;

  constructor(dir: string) {
    this.#dir = dir;
    this.#pidFile = `${dir}/pids`;
    writeFileSync(this.#pidFile, "");
    installExitHook();
    const script =
      'while kill -0 "$1" 2>/dev/null; do sleep 1; done; ' +
      'while read -r p; do kill -9 "$p" 2>/dev/null; done < "$2"; rm -rf "$3"';
    this.#watchdog = spawn(
      "bash",
      ["-c", script, "fleet-watchdog", String(process.pid), this.#pidFile, dir],
      {
        detached: true,
        stdio: "ignore",
      },
    );
    this.#watchdog.unref();
  }

  /** Starts a server with its output in `<dir>/<name>.log`. */
  spawn(name: string, command: string, args: readonly string[]): Managed {
    const logFile = `${this.#dir}/${name}.log`;
    const fd = openSync(logFile, "a");
    const child = spawn(command, args, { stdio: ["ignore", fd, fd] });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
    const pid = child.pid;
    everyPid.add(pid);
    appendFileSync(this.#pidFile, `${pid}\n`);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const managed: Managed = { name, pid, logFile, child, exited };
    this.#procs.add(managed);
    void exited.then(() => everyPid.delete(pid));
    return managed;
  }

  /** Stops one process by pid: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(managed: Managed, graceMs = 5000): Promise<void> {
    this.#procs.delete(managed);
    if (managed.child.exitCode === null && managed.child.signalCode === null) {
      managed.child.kill("SIGTERM");
      const done = await Promise.race([managed.exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        managed.child.kill("SIGKILL");
        await managed.exited;
      }
    }
    everyPid.delete(managed.pid);
  }

  /** Stops every process and the watchdog. */
  async stopAll(): Promise<void> {
    // etcd (started first) goes last, so API servers shut down against a live store.
    const [first, ...rest] = [...this.#procs];
    await Promise.all(rest.map((p) => this.stop(p)));
    if (first) await this.stop(first);
    writeFileSync(this.#pidFile, "");
    if (this.#watchdog?.pid !== undefined) {
      try {
        process.kill(this.#watchdog.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

/** The last lines of a log, for start-up failure messages. */
export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
