import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "../../test/edge/support/bundle.ts";
import { startWorkerd, type WorkerdOptions } from "../../test/edge/support/workerd.ts";
import { round } from "./load.ts";

/** One cold start of a Worker in a new workerd process, in milliseconds. */
export interface ColdStart {
  /** New workerd process until it serves: spawn, config, module load and evaluation. */
  readyMs: number;
  /** The first request: config parse, key ring import and `createApp`, once per isolate. */
  firstRequestMs: number;
  /** The same request again, warm, for comparison. */
  warmRequestMs: number;
  /** The first authenticated read: the first Hyperdrive connection and query. */
  firstDbRequestMs: number;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

const get = (url: URL, headers: Record<string, string> = {}) =>
  fetch(url, { headers }).then(async (res) => {
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url.pathname}: ${res.status}`);
  });

/** Starts `opts.script` in a fresh workerd `runs` times and times each start (median reported). */
export async function measureColdStarts(
  opts: Omit<WorkerdOptions, "quiet">,
  runs: number,
  dbPath: string,
  key: string,
): Promise<ColdStart> {
  const samples: ColdStart[] = [];
  for (let i = 0; i < runs; i++) {
    let worker: Awaited<ReturnType<typeof startWorkerd>> | undefined;
    const readyMs = await timed(async () => {
      worker = await startWorkerd({ ...opts, quiet: true });
    });
    const url = worker!.url;
    try {
      const firstRequestMs = await timed(() => get(new URL("/healthz", url)));
      const warmRequestMs = await timed(() => get(new URL("/healthz", url)));
      const firstDbRequestMs = await timed(() =>
        get(new URL(dbPath, url), { authorization: `Bearer ${key}` }),
      );
      samples.push({ readyMs, firstRequestMs, warmRequestMs, firstDbRequestMs });
    } finally {
      await worker!.dispose();
    }
  }
  return medianOf(samples);
}

/** The same start of a trivial Worker, as the baseline workerd itself costs. */
export async function measureBaselineReady(dir: string, runs: number): Promise<number> {
  const script = join(dir, "hello.js");
  await writeFile(script, 'export default { fetch: () => new Response("ok") };\n');
  const config = join(ROOT, "test/edge/crypto-worker/wrangler.toml");
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    let dispose: (() => Promise<void>) | undefined;
    times.push(
      await timed(async () => {
        dispose = (await startWorkerd({ script, config, quiet: true })).dispose;
      }),
    );
    await dispose!();
  }
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.floor(sorted.length / 2)]!);
}

function medianOf(samples: ColdStart[]): ColdStart {
  return {
    readyMs: median(samples.map((s) => s.readyMs)),
    firstRequestMs: median(samples.map((s) => s.firstRequestMs)),
    warmRequestMs: median(samples.map((s) => s.warmRequestMs)),
    firstDbRequestMs: median(samples.map((s) => s.firstDbRequestMs)),
  };
}
