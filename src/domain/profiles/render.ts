import { DomainValidationError, joinField, type ValidationIssue } from "../errors.ts";
import { toApplyPhases } from "../manifests/kind-order.ts";
import type { ApplyPhase, K8sObject } from "../manifests/types.ts";
import { describeObject, objectKey } from "../releases/identity.ts";
import { scopeResolver } from "../releases/scope.ts";
import { labelIssues } from "../selector/labels.ts";
import { isDns1123Label } from "../selector/names.ts";
import { applyMergePatch } from "./merge-patch.ts";
import { placeInNamespace } from "./namespace.ts";
import { type Overlay, overlayIssues, overlayMatches } from "./overlays.ts";
import { type ClusterFacts, expandPlaceholders } from "./placeholders.ts";

export type { Overlay } from "./overlays.ts";
export type { ClusterFacts } from "./placeholders.ts";

/** Everything a render needs: one release profile, one profile version, one cluster. */
export interface RenderInput {
  crds: readonly K8sObject[];
  objects: readonly K8sObject[];
  namespace: string;
  revision?: string;
  overlays: readonly Overlay[];
  cluster: ClusterFacts;
}

/** The final, ordered manifests for one cluster: apply phases, and the same objects flattened. */
export interface RenderedProfile {
  phases: ApplyPhase[];
  objects: K8sObject[];
}

const REVISION_LABEL = "istio.io/rev";

/**
 * Renders a profile version for a cluster: moves objects into the namespace, labels them
 * with the revision, applies overlays with placeholders expanded for this cluster, and
 * orders the result in apply phases (Helm's kind order). Pure and deterministic; inputs are
 * not mutated. Throws a DomainValidationError naming `overlays[i]…`, `namespace`,
 * `revision` or `cluster.labels.KEY`.
 */
export function renderProfile(input: RenderInput): RenderedProfile {
  const issues: ValidationIssue[] = [];
  if (!isDns1123Label(input.namespace))
    issues.push({ field: "namespace", message: "must be a DNS-1123 label" });
  if (input.revision !== undefined && !isDns1123Label(input.revision)) {
    issues.push({ field: "revision", message: "must be a DNS-1123 label, e.g. 1-24-2" });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);

  let objects = placeInNamespace([...input.crds, ...input.objects], input.namespace);
  if (input.revision !== undefined) objects = objects.map((o) => withRevision(o, input.revision ?? ""));
  issues.push(...overlayIssues(input.overlays, objects));
  if (issues.length > 0) throw new DomainValidationError(issues);

  input.overlays.forEach((overlay, i) => {
    const expansionIssues: ValidationIssue[] = [];
    const patch = expandPlaceholders(overlay.patch, input.cluster, expansionIssues);
    // A missing cluster label leaves its placeholder in place: report the label, not the
    // invalid text it would otherwise produce.
    if (expansionIssues.length > 0) {
      issues.push(...expansionIssues.filter((e) => !issues.some((x) => x.field === e.field)));
      return;
    }
    objects = objects.map((o) => {
      if (!overlayMatches(overlay.target, o)) return o;
      const patched = applyMergePatch(o, patch) as K8sObject;
      issues.push(...metadataIssues(patched, joinField(joinField("overlays", i), "patch")));
      return patched;
    });
  });
  issues.push(...collisionIssues(objects, input.namespace));
  if (issues.length > 0) throw new DomainValidationError(issues);

  const phases = toApplyPhases(objects);
  return { phases, objects: phases.flatMap((p) => p.objects) };
}

/**
 * Adds the revision label to everything but CRDs, which all revisions share, and Namespaces:
 * `istio.io/rev` on a namespace selects sidecar injection, and two revisions installed side
 * by side would keep flipping it.
 */
function withRevision(object: K8sObject, revision: string): K8sObject {
  if (object.kind === "CustomResourceDefinition" || object.kind === "Namespace") return object;
  return {
    ...object,
    metadata: { ...object.metadata, labels: { ...object.metadata.labels, [REVISION_LABEL]: revision } },
  };
}

/** An overlay may leave labels or annotations that the API server would refuse. */
function metadataIssues(object: K8sObject, patchField: string): ValidationIssue[] {
  const { labels, annotations } = object.metadata;
  const issues = labels === undefined ? [] : labelIssues(labels, `${patchField}.metadata.labels`);
  if (annotations !== undefined && !Object.values(annotations).every((a) => typeof a === "string")) {
    issues.push({
      field: `${patchField}.metadata.annotations`,
      message: "annotation values must be strings",
    });
  }
  return issues;
}

/** Objects that became the same object by moving into the namespace. */
function collisionIssues(objects: readonly K8sObject[], namespace: string): ValidationIssue[] {
  const scopeOf = scopeResolver(objects);
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const object of objects) {
    const key = objectKey(object, scopeOf, namespace);
    if (!seen.has(key)) seen.add(key);
    else {
      issues.push({
        field: "namespace",
        message: `${describeObject(object)} appears twice once istio-system objects move to ${namespace}`,
      });
    }
  }
  return issues;
}
