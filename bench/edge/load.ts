import { Pool } from "undici";

/** What one load run measured. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
}

/**
 * Closed-loop load over keep-alive loopback connections: `concurrency` callers, each sending
 * the next request when the last one answers, for `seconds`. Non-2xx answers count as errors.
 */
export async function runLoad(opts: {
  origin: string;
  path: string;
  headers: Record<string, string>;
  concurrency: number;
  seconds: number;
}): Promise<LoadResult> {
  const pool = new Pool(opts.origin, { connections: opts.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  const caller = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const res = await pool.request({ method: "GET", path: opts.path, headers: opts.headers });
      await res.body.dump();
      latencies.push(performance.now() - t0);
      if (res.statusCode >= 300) errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, caller));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    requests: latencies.length,
    errors,
    seconds: round(seconds),
    rps: round(latencies.length / seconds),
    p50ms: at(0.5),
    p99ms: at(0.99),
  };
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
