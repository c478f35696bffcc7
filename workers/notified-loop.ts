import type { Database } from "../src/db/client.ts";
import type { Logger } from "../src/logger.ts";

/** What one pass of a notified loop does: move a batch, and say whether a full batch moved. */
export type LoopPass = () => Promise<{ full: boolean }>;

/**
 * Runs `pass` whenever NOTIFY arrives on `channel`, and every `pollMs` as a fallback. A full
 * batch runs again at once; a failure (Redis or the database unreachable) backs off up to
 * 5 s and is logged once per 20 failures, while the rows it would move wait in Postgres.
 * Returns a function that stops the loop after the pass in progress.
 */
export async function startNotifiedLoop(opts: {
  name: string;
  database: Database;
  channel: string;
  pollMs: number;
  logger: Logger;
  pass: LoopPass;
}): Promise<() => Promise<void>> {
  const { logger } = opts;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(kick, delayMs);
  };
  const drain = async () => {
    let full: boolean;
    do {
      again = false;
      ({ full } = await opts.pass());
    } while ((full || again) && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .then(
        () => {
          if (failures > 0) logger.info({ after: failures }, `${opts.name} recovered`);
          failures = 0;
          schedule(opts.pollMs);
        },
        (err) => {
          failures += 1;
          const delay = Math.min(5_000, 250 * 2 ** Math.min(failures, 5));
          if (failures === 1 || failures % 20 === 0) {
            logger.warn(
              { err: String(err), failures, retryInMs: delay },
              `${opts.name} failed; work waits in Postgres`,
            );
          }
          schedule(delay);
        },
      )
      .finally(() => {
        running = undefined;
      });
  };

  let unlisten: (() => Promise<void>) | undefined;
  try {
    unlisten = await opts.database.listen(opts.channel, kick);
  } catch (err) {
    logger.warn({ err: String(err) }, `LISTEN failed; ${opts.name} polls only`);
  }
  kick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
    await unlisten?.().catch(() => {});
  };
}
