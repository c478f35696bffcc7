/** What the bench started, stopped in reverse order exactly once, whatever happens. */
export interface Lifecycle {
  /** Registers a stop function for something just started. */
  started(what: string, stop: () => Promise<unknown>): void;
  /** Stops everything registered, newest first; later calls wait for the first. */
  stopAll(): Promise<void>;
}

/** A stop that has not returned by then is reported and left behind, so the others still run. */
const STOP_TIMEOUT_MS = 30_000;

async function bounded(what: string, stop: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`stopping ${what} did not finish in ${STOP_TIMEOUT_MS} ms; going on`);
      resolve();
    }, STOP_TIMEOUT_MS);
  });
  try {
    await Promise.race([
      stop().catch((err) => console.error(`stopping ${what} failed: ${String(err)}`)),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A stop stack with a hard deadline: at `deadline + graceMs` (a hung promise the bench's own
 * checks did not catch) or on SIGINT/SIGTERM it stops everything and exits non-zero. Only
 * the entry script uses it; it is the one place allowed to call process.exit.
 */
export function lifecycle(deadline: number, graceMs = 60_000): Lifecycle {
  const stack: { what: string; stop: () => Promise<unknown> }[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const { what, stop } of stack.reverse()) await bounded(what, stop);
    })();
    return stopping;
  };
  const abort = (why: string, code: number) => {
    console.error(`\n${why}: stopping everything the bench started`);
    void stopAll().finally(() => process.exit(code));
  };
  setTimeout(() => abort("hard deadline passed", 2), Math.max(0, deadline - Date.now()) + graceMs).unref();
  process.once("SIGINT", () => abort("SIGINT", 130));
  process.once("SIGTERM", () => abort("SIGTERM", 143));
  return {
    started: (what, stop) => stack.push({ what, stop }),
    stopAll,
  };
}
