import { monitorEventLoopDelay } from "node:perf_hooks";

/** Event-loop delay of this process over a phase, in milliseconds. */
export interface LoopDelay {
  meanMs: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Starts measuring how late this process's event loop runs. The API, the workers and the
 * direct baseline all share it, so a saturated loop shows up as orchestration time.
 */
export function startLoopDelay(): () => LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return () => {
    histogram.disable();
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    return { meanMs: ms(histogram.mean), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
  };
}
