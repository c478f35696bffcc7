/** A snapshot of request counts, for benchmarks and metrics. */
export interface RequestCounts {
  total: number;
  byMethod: Record<string, number>;
  /** Requests that failed below HTTP or with a non-2xx status the caller did not expect. */
  failed: number;
}

/**
 * Counts Kubernetes API requests made by the clients sharing it. Injected into the engine so a
 * benchmark (or a Prometheus exporter) can read requests per install.
 */
export class RequestStats {
  #total = 0;
  #failed = 0;
  #byMethod = new Map<string, number>();

  /** Records one request leaving the process. */
  record(method: string): void {
    this.#total += 1;
    this.#byMethod.set(method, (this.#byMethod.get(method) ?? 0) + 1);
  }

  /** Records that the last recorded request failed. */
  recordFailure(): void {
    this.#failed += 1;
  }

  snapshot(): RequestCounts {
    return { total: this.#total, byMethod: Object.fromEntries(this.#byMethod), failed: this.#failed };
  }

  /** Counts since an earlier snapshot. */
  since(before: RequestCounts): RequestCounts {
    const now = this.snapshot();
    const byMethod: Record<string, number> = {};
    for (const [method, count] of Object.entries(now.byMethod)) {
      const delta = count - (before.byMethod[method] ?? 0);
      if (delta > 0) byMethod[method] = delta;
    }
    return { total: now.total - before.total, byMethod, failed: now.failed - before.failed };
  }
}
