import type { RolloutStrategy } from "./strategy.ts";
import type { PlanInputCluster } from "./types.ts";

/** Plain code-unit comparison: identical on every machine and locale, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Clusters in wave order. By name: name, then id. By label: clusters carrying the label first,
 * sorted by its value; clusters without it last; ties by name, then id. The sort keys are
 * computed once (decorate-sort-undecorate) so 10,000 clusters sort in a few milliseconds.
 */
export function orderClusters<T extends PlanInputCluster>(
  clusters: readonly T[],
  order: RolloutStrategy["order"],
): T[] {
  const key = order.by === "label" ? order.key : null;
  const decorated = clusters.map((cluster) => {
    const value = key === null ? undefined : cluster.labels[key];
    return { cluster, missing: value === undefined ? 1 : 0, value: value ?? "" };
  });
  decorated.sort(
    (a, b) =>
      a.missing - b.missing ||
      compareStrings(a.value, b.value) ||
      compareStrings(a.cluster.name, b.cluster.name) ||
      compareStrings(a.cluster.id, b.cluster.id),
  );
  return decorated.map(({ cluster }) => cluster);
}
