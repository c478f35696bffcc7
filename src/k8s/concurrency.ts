/** Maps with at most `limit` calls in flight; results keep input order, the first failure rejects. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Splits a sorted list into runs of equal key, keeping order (e.g. consecutive objects of one kind). */
export function runsBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const runs: T[][] = [];
  let last: string | undefined;
  for (const item of items) {
    const k = key(item);
    if (runs.length > 0 && k === last) runs[runs.length - 1]!.push(item);
    else runs.push([item]);
    last = k;
  }
  return runs;
}
