import { joinField, throwIfIssues, type ValidationIssue } from "../errors.ts";
import type { K8sObject } from "../manifests/types.ts";
import { isDns1123Label } from "../selector/names.ts";
import { isPlainObject } from "./merge-patch.ts";
import { placeInNamespace } from "./namespace.ts";
import { unknownPlaceholderIssues } from "./placeholders.ts";

/** A JSON merge patch aimed at the release objects with this kind and name (and namespace). */
export interface Overlay {
  target: { kind: string; name: string; namespace?: string };
  patch: Record<string, unknown>;
}

/** Whether an object (after the namespace move) is one of an overlay's targets. */
export function overlayMatches(target: Overlay["target"], object: K8sObject): boolean {
  return (
    object.kind === target.kind &&
    object.metadata.name === target.name &&
    (target.namespace === undefined || object.metadata.namespace === target.namespace)
  );
}

/** Fields an overlay may not change: they are the identity the overlay was aimed by. */
const FIXED: string[][] = [["apiVersion"], ["kind"], ["metadata", "name"], ["metadata", "namespace"]];

/**
 * Every problem with a profile's overlays against objects already placed in its namespace:
 * malformed entries, targets that match nothing, identity changes and unknown placeholders.
 */
export function overlayIssues(overlays: readonly Overlay[], placed: readonly K8sObject[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  overlays.forEach((overlay, i) => {
    const at = joinField("overlays", i);
    const { target, patch } = overlay ?? {};
    if (!isPlainObject(target) || typeof target.kind !== "string" || typeof target.name !== "string") {
      issues.push({ field: joinField(at, "target"), message: "must have a kind and a name" });
    } else if (!placed.some((o) => overlayMatches(target, o))) {
      issues.push({ field: joinField(at, "target"), message: noMatchMessage(target, placed) });
    }
    if (!isPlainObject(patch)) {
      issues.push({ field: joinField(at, "patch"), message: "must be an object (a JSON merge patch)" });
      return;
    }
    const touched = new Set(FIXED.map((path) => touchedPrefix(patch, path)));
    for (const prefix of touched) {
      if (prefix) issues.push({ field: `${at}.patch.${prefix}`, message: "cannot be changed by an overlay" });
    }
    issues.push(...unknownPlaceholderIssues(patch, joinField(at, "patch")));
  });
  return issues;
}

/**
 * Checks a profile's overlays at write time (DomainValidationError on `overlays[i]…` or
 * `namespace`). `objects` is the release profile's objects with the release's CRDs, which
 * tell custom kinds' scopes; targets are matched after the move into `namespace`, and the
 * Namespace object render adds can be targeted too.
 */
export function validateOverlays(
  overlays: readonly Overlay[],
  objects: readonly K8sObject[],
  namespace: string,
): void {
  if (!isDns1123Label(namespace)) {
    throwIfIssues([{ field: "namespace", message: "must be a DNS-1123 label, e.g. istio-system" }]);
  }
  throwIfIssues(overlayIssues(overlays, placeInNamespace(objects, namespace)));
}

function noMatchMessage(target: Overlay["target"], placed: readonly K8sObject[]): string {
  const where = target.namespace === undefined ? "" : ` in namespace ${target.namespace}`;
  const sameKind = placed
    .filter((o) => o.kind === target.kind)
    .map((o) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name));
  const hint =
    sameKind.length === 0
      ? `the profile has no ${target.kind}`
      : `${target.kind} objects: ${sameKind.slice(0, 10).join(", ")}`;
  return `matches no object: no ${target.kind} named ${target.name}${where} (${hint})`;
}

/**
 * The dotted prefix of `path` that a patch sets, or undefined. Replacing or deleting a parent
 * (`metadata: null`) touches the path as much as setting it does.
 */
function touchedPrefix(patch: Record<string, unknown>, path: string[]): string | undefined {
  let value: unknown = patch;
  for (const [i, key] of path.entries()) {
    value = isPlainObject(value) ? value[key] : undefined;
    if (value === undefined) return undefined;
    if (i === path.length - 1 || !isPlainObject(value)) return path.slice(0, i + 1).join(".");
  }
  return undefined;
}
