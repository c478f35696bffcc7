import { joinField, type ValidationIssue } from "../errors.ts";
import { labelKeyProblem } from "../selector/names.ts";
import { isPlainObject } from "./merge-patch.ts";

/** What a `{{ … }}` in an overlay string refers to. */
export type Placeholder =
  | { kind: "clusterName"; text: string }
  | { kind: "clusterLabel"; key: string; text: string }
  | { kind: "unknown"; text: string };

/** The cluster facts placeholders expand to. */
export interface ClusterFacts {
  name: string;
  labels: Record<string, string>;
}

const BRACES = /\{\{(.*?)\}\}/gs;
const LABEL = /^cluster\.labels\.([A-Za-z0-9._/-]+)$/;

/**
 * Classifies each `{{ … }}` in a string. Only `{{cluster.name}}` and `{{cluster.labels.KEY}}`
 * (spaces inside the braces allowed) are placeholders; anything else is unknown, so a typo
 * fails at profile-write time instead of reaching a cluster as literal text.
 */
export function findPlaceholders(text: string): Placeholder[] {
  return [...text.matchAll(BRACES)].map(([whole, inner = ""]) => {
    const ref = inner.trim();
    if (ref === "cluster.name") return { kind: "clusterName", text: whole };
    const key = LABEL.exec(ref)?.[1];
    if (key !== undefined && labelKeyProblem(key) === undefined)
      return { kind: "clusterLabel", key, text: whole };
    return { kind: "unknown", text: whole };
  });
}

/** Calls `visit` for every string value in a JSON value, with its field path. Keys are not visited. */
export function forEachString(
  value: unknown,
  field: string,
  visit: (text: string, field: string) => void,
): void {
  if (typeof value === "string") visit(value, field);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) forEachString(v, joinField(field, i), visit);
  } else if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) forEachString(v, joinField(field, key), visit);
  }
}

/** An issue for each unknown placeholder in the string values of `patch`. */
export function unknownPlaceholderIssues(patch: unknown, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  forEachString(patch, field, (text, at) => {
    for (const p of findPlaceholders(text)) {
      if (p.kind === "unknown") {
        issues.push({
          field: at,
          message: `unknown placeholder ${p.text}; overlays may use {{cluster.name}} and {{cluster.labels.KEY}}`,
        });
      }
    }
  });
  return issues;
}

/**
 * A copy of `value` with placeholders in its strings replaced by the cluster's facts. A label
 * the cluster lacks is an issue on `cluster.labels.KEY`; unknown placeholders stay as written
 * (they are rejected when the overlay is stored).
 */
export function expandPlaceholders(
  value: unknown,
  cluster: ClusterFacts,
  issues: ValidationIssue[],
): unknown {
  if (typeof value === "string") {
    return value.replace(BRACES, (whole) => {
      const [p] = findPlaceholders(whole);
      if (p?.kind === "clusterName") return cluster.name;
      if (p?.kind !== "clusterLabel") return whole;
      if (Object.hasOwn(cluster.labels, p.key)) return cluster.labels[p.key] ?? "";
      const field = joinField("cluster.labels", p.key);
      if (!issues.some((i) => i.field === field)) {
        issues.push({
          field,
          message: `the cluster has no label ${p.key}, which an overlay uses in ${p.text}`,
        });
      }
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v) => expandPlaceholders(v, cluster, issues));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandPlaceholders(v, cluster, issues)]),
    );
  }
  return value;
}
