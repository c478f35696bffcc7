import type { ValidationIssue } from "../errors.ts";
import { joinField } from "../errors.ts";
import { parseSemver } from "./semver.ts";

export { compareSemver, isValidSemver, parseSemver, type Semver } from "./semver.ts";

/** Supported Kubernetes minors of a release, inclusive, as `major.minor` strings. */
export interface KubernetesRange {
  min: string;
  max: string;
}

/** Istio's published support table (DOMAIN.md), keyed by Istio minor. */
const SUPPORT: Record<string, KubernetesRange> = {
  "1.30": { min: "1.32", max: "1.36" },
  "1.29": { min: "1.31", max: "1.35" },
  "1.28": { min: "1.30", max: "1.34" },
  "1.27": { min: "1.29", max: "1.33" },
  "1.26": { min: "1.29", max: "1.33" },
  "1.25": { min: "1.29", max: "1.32" },
};

/** The supported range for an Istio version from the table, or undefined for unknown minors. */
export function defaultKubernetesRange(istioVersion: string): KubernetesRange | undefined {
  const v = parseSemver(istioVersion);
  const range = v && SUPPORT[`${v.major}.${v.minor}`];
  return range ? { ...range } : undefined;
}

/** A Kubernetes (major, minor) pair. */
export interface KubernetesMinor {
  major: number;
  minor: number;
}

/**
 * Reads a Kubernetes version: `1.29`, `v1.29.3-eks-1234`, or the API server's `/version`
 * fields, whose minor may carry a provider suffix (`{major: "1", minor: "29+"}` on GKE/EKS).
 */
export function parseKubernetesVersion(
  version: string | { major: string | number; minor: string | number },
): KubernetesMinor | undefined {
  if (typeof version === "string") {
    const m = /^v?(\d+)\.(\d+)(?:[.+-].*)?$/.exec(version);
    return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
  }
  const major = /^\d+/.exec(String(version.major))?.[0];
  const minor = /^\d+/.exec(String(version.minor))?.[0];
  return major !== undefined && minor !== undefined
    ? { major: Number(major), minor: Number(minor) }
    : undefined;
}

const RANGE_BOUND = /^\d+\.\d+$/;

/** Problems with a release's declared range: bounds must be `major.minor` and min ≤ max. */
export function kubernetesRangeIssues(range: KubernetesRange, field = "kubernetes"): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const key of ["min", "max"] as const) {
    if (!RANGE_BOUND.test(range[key]))
      issues.push({ field: joinField(field, key), message: "must be major.minor, e.g. 1.29" });
  }
  if (issues.length === 0 && compareMinor(parseBound(range.min), parseBound(range.max)) > 0) {
    issues.push({ field: joinField(field, "min"), message: `must not be above max (${range.max})` });
  }
  return issues;
}

/**
 * Whether a cluster's Kubernetes version lies within a range, comparing minors only
 * (`1.29` ≤ v ≤ `1.33`). Throws on an unreadable version or range: callers validate ranges
 * at write time, and a server version nobody can read must not pass a preflight.
 */
export function kubernetesVersionInRange(
  serverVersion: string | { major: string | number; minor: string | number },
  range: KubernetesRange,
): boolean {
  const v = parseKubernetesVersion(serverVersion);
  if (!v) throw new Error(`unreadable Kubernetes version ${JSON.stringify(serverVersion)}`);
  return compareMinor(parseBound(range.min), v) <= 0 && compareMinor(v, parseBound(range.max)) <= 0;
}

function parseBound(bound: string): KubernetesMinor {
  const v = parseKubernetesVersion(bound);
  if (!v) throw new Error(`unreadable Kubernetes range bound ${JSON.stringify(bound)}`);
  return v;
}

function compareMinor(a: KubernetesMinor, b: KubernetesMinor): number {
  return a.major - b.major || a.minor - b.minor;
}
