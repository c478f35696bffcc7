import { joinField, throwIfIssues, type ValidationIssue } from "../errors.ts";
import type { K8sObject } from "../manifests/types.ts";
import { isDns1123Label } from "../selector/names.ts";
import { canonicalJson, digestOf } from "./digest.ts";
import { type IndexedObject, parseIndexedDocuments } from "./documents.ts";
import { describeObject, objectKey } from "./identity.ts";
import { scopeResolver } from "./scope.ts";

/**
 * A release's manifests as uploaded: CRDs apart plus one YAML stream per profile, or only the
 * profiles with CRDs mixed in (split out here).
 */
export interface ReleaseManifestsInput {
  crds?: string;
  profiles: Record<string, string>;
}

/** A profile's objects (CRDs excluded) and the digest of what installing it applies. */
export interface NormalizedProfile {
  objects: K8sObject[];
  /** sha256 hex of the canonical JSON of `{crds, objects}`. */
  digest: string;
}

export interface NormalizedRelease {
  /** Every CRD of the release, de-duplicated, sorted by name. */
  crds: K8sObject[];
  profiles: Record<string, NormalizedProfile>;
  /**
   * sha256 hex over all of the above, independent of which upload form or profile order was
   * used: equal digests mean an idempotent re-upload, different ones a conflict.
   */
  contentDigest: string;
}

const CRD = "CustomResourceDefinition";

/**
 * Parses and checks a release's manifests (DomainValidationError naming `crds[i]…` or
 * `profiles.<name>[i]…`, under `field` when given). Profile names must be DNS-1123 labels;
 * CRDs found in several places merge when identical and conflict otherwise; no two objects
 * of a profile may share (group, kind, namespace, name).
 */
export async function normalizeRelease(input: ReleaseManifestsInput, field = ""): Promise<NormalizedRelease> {
  const issues: ValidationIssue[] = [];
  const profilesField = joinField(field, "profiles");
  const names = Object.keys(input.profiles).sort();
  if (names.length === 0) issues.push({ field: profilesField, message: "must contain at least one profile" });
  for (const name of names) {
    if (!isDns1123Label(name)) {
      issues.push({
        field: joinField(profilesField, name),
        message: "profile names must be DNS-1123 labels, e.g. demo",
      });
    }
  }

  const crds = new CrdSet(issues);
  if (input.crds !== undefined) {
    const crdsField = joinField(field, "crds");
    for (const doc of parse(input.crds, crdsField, issues)) {
      if (doc.object.kind === CRD) crds.add(doc, crdsField);
      else
        issues.push({ field: joinField(joinField(crdsField, doc.index), "kind"), message: `must be ${CRD}` });
    }
  }
  const profileDocs = new Map<string, IndexedObject[]>();
  for (const name of names) {
    const at = joinField(profilesField, name);
    const docs = parse(input.profiles[name] ?? "", at, issues);
    for (const doc of docs.filter((d) => d.object.kind === CRD)) crds.add(doc, at);
    profileDocs.set(
      name,
      docs.filter((d) => d.object.kind !== CRD),
    );
  }
  const crdList = crds.sorted();
  const scopeOf = scopeResolver(crdList);
  for (const [name, docs] of profileDocs)
    issues.push(...duplicateIssues(docs, joinField(profilesField, name), scopeOf));
  throwIfIssues(issues);

  const profiles: Record<string, NormalizedProfile> = {};
  for (const [name, docs] of profileDocs) {
    const objects = docs.map((d) => d.object);
    profiles[name] = { objects, digest: await digestOf({ crds: crdList, objects }) };
  }
  const contentDigest = await digestOf({
    crds: crdList,
    profiles: Object.fromEntries(Object.entries(profiles).map(([n, p]) => [n, p.objects])),
  });
  return { crds: crdList, profiles, contentDigest };
}

function parse(text: string, field: string, issues: ValidationIssue[]): IndexedObject[] {
  const parsed = parseIndexedDocuments(text, field);
  issues.push(...parsed.issues);
  return parsed.objects;
}

/** CRDs by name: identical copies merge, a different CRD under a taken name is an issue. */
class CrdSet {
  private readonly byName = new Map<string, { object: K8sObject; json: string; field: string }>();
  private readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    this.issues = issues;
  }

  add(doc: IndexedObject, listField: string): void {
    const field = joinField(listField, doc.index);
    const specIssues = crdSpecIssues(doc.object, field);
    if (specIssues.length > 0) {
      this.issues.push(...specIssues);
      return;
    }
    const name = doc.object.metadata.name;
    const json = canonicalJson(doc.object);
    const seen = this.byName.get(name);
    if (!seen) this.byName.set(name, { object: doc.object, json, field });
    else if (seen.json !== json) {
      this.issues.push({
        field,
        message: `conflicts with ${CRD} ${name} at ${seen.field}; copies of a CRD must be identical`,
      });
    }
  }

  sorted(): K8sObject[] {
    return [...this.byName.keys()].sort().map((name) => this.byName.get(name)!.object);
  }
}

/** The CRD fields render relies on to know a custom kind's scope. */
function crdSpecIssues(crd: K8sObject, field: string): ValidationIssue[] {
  const spec = crd.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
  const at = joinField(field, "spec");
  const issues: ValidationIssue[] = [];
  if (typeof spec?.group !== "string") issues.push({ field: joinField(at, "group"), message: "is required" });
  if (typeof spec?.names?.kind !== "string")
    issues.push({ field: `${at}.names.kind`, message: "is required" });
  if (spec?.scope !== "Namespaced" && spec?.scope !== "Cluster") {
    issues.push({ field: joinField(at, "scope"), message: "must be Namespaced or Cluster" });
  }
  return issues;
}

/** Second and later occurrences of an object identity within one profile. */
function duplicateIssues(docs: IndexedObject[], field: string, scopeOf: ReturnType<typeof scopeResolver>) {
  const first = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  for (const { object, index } of docs) {
    const key = objectKey(object, scopeOf);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else {
      issues.push({
        field: joinField(field, index),
        message: `duplicates ${describeObject(object)} at ${joinField(field, earlier)}`,
      });
    }
  }
  return issues;
}
