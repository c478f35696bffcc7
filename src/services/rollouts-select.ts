import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clusters } from "../db/schema/index.ts";
import { selectorToSql } from "../db/selector-sql.ts";
import { DomainValidationError, type ValidationIssue } from "../domain/errors.ts";
import type { PlanInputCluster } from "../domain/rollouts/index.ts";
import { parseSelector } from "../domain/selector/parse.ts";

/** Which clusters a rollout targets: a label selector, or names. */
export type ClusterSelection =
  | { selector: string; clusters?: undefined }
  | { clusters: string[]; selector?: undefined };

/** A selected cluster with what planning (and a dry run) needs. */
export interface SelectedCluster {
  id: string;
  name: string;
  labels: Record<string, string>;
  desiredProfile: string | null;
  desiredVersion: number | null;
  desiredUninstall: boolean;
}

const COLUMNS = {
  id: clusters.id,
  name: clusters.name,
  labels: clusters.labels,
  desiredProfile: clusters.desiredProfile,
  desiredVersion: clusters.desiredVersion,
  desiredUninstall: clusters.desiredUninstall,
};

/**
 * The tenant's clusters matching a selection, read once at planning time: clusters registered
 * later are never added. Explicit names must all exist (422 naming each missing one).
 */
export async function selectClusters(
  db: Db,
  tenantId: string,
  selection: ClusterSelection,
): Promise<SelectedCluster[]> {
  if (selection.selector !== undefined) {
    const requirements = parseSelector(selection.selector, "selector");
    return db
      .select(COLUMNS)
      .from(clusters)
      .where(and(eq(clusters.tenantId, tenantId), selectorToSql(clusters.labels, requirements)))
      .orderBy(asc(clusters.id));
  }
  const names = selection.clusters;
  const rows = await db
    .select(COLUMNS)
    .from(clusters)
    .where(and(eq(clusters.tenantId, tenantId), inArray(clusters.name, names)));
  const found = new Set(rows.map((row) => row.name));
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) issues.push({ field: `clusters[${index}]`, message: `"${name}" is listed twice` });
    else if (!found.has(name))
      issues.push({ field: `clusters[${index}]`, message: `no cluster named "${name}"` });
    seen.add(name);
  });
  if (issues.length > 0) throw new DomainValidationError(issues);
  return rows;
}

/** The planner's view of a selected cluster: its desired version before the rollout, if any. */
export function toPlanInput(cluster: SelectedCluster): PlanInputCluster {
  const installed =
    !cluster.desiredUninstall && cluster.desiredProfile !== null && cluster.desiredVersion !== null;
  return {
    id: cluster.id,
    name: cluster.name,
    labels: cluster.labels,
    currentDesired: installed
      ? { profile: cluster.desiredProfile!, version: String(cluster.desiredVersion) }
      : null,
  };
}
