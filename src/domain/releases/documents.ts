import { LineCounter, parseAllDocuments } from "yaml";
import { joinField, throwIfIssues, type ValidationIssue } from "../errors.ts";
import type { K8sObject } from "../manifests/types.ts";
import { labelIssues } from "../selector/labels.ts";
import { isDns1123Label } from "../selector/names.ts";

/** One parsed object and its index in the YAML stream, for naming it in errors. */
export interface IndexedObject {
  object: K8sObject;
  /** Position among all documents of the stream, empty ones included. */
  index: number;
}

const MAX_ISSUES = 50;
const API_VERSION = /^(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?\/)?[a-z0-9]+$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Parses a multi-document YAML stream of Kubernetes objects, skipping empty documents.
 * String values are kept verbatim: Istio's own `{{ .Values.x }}` text is data here.
 * Throws a DomainValidationError naming `${field}[i]…` for every bad document.
 */
export function parseManifestDocuments(yamlText: string, field: string): K8sObject[] {
  const { objects, issues } = parseIndexedDocuments(yamlText, field);
  throwIfIssues(issues);
  return objects.map((o) => o.object);
}

/** Like {@link parseManifestDocuments}, but returns issues instead of throwing and keeps indexes. */
export function parseIndexedDocuments(
  yamlText: string,
  field: string,
): { objects: IndexedObject[]; issues: ValidationIssue[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(yamlText, {
    uniqueKeys: true,
    prettyErrors: true,
    merge: true,
    lineCounter,
  });
  const objects: IndexedObject[] = [];
  const issues: ValidationIssue[] = [];
  docs.forEach((doc, index) => {
    const at = joinField(field, index);
    const line = lineCounter.linePos(doc.range[0]).line;
    if (doc.errors.length > 0) {
      issues.push({
        field: at,
        message: `document at line ${line} is not valid YAML: ${doc.errors[0]?.message}`,
      });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      issues.push({ field: at, message: `document at line ${line}: ${(e as Error).message}` });
      return;
    }
    if (value === null || value === undefined) return;
    const objectIssues = objectShapeIssues(value, at, line);
    if (objectIssues.length > 0) issues.push(...objectIssues);
    else objects.push({ object: value as K8sObject, index });
  });
  if (issues.length > MAX_ISSUES) {
    const more = issues.length - MAX_ISSUES;
    issues.splice(MAX_ISSUES, more, { field, message: `and ${more} more problems` });
  }
  return { objects, issues };
}

/** What must hold for a document to be a Kubernetes object meshfleet can apply. */
function objectShapeIssues(value: unknown, at: string, line: number): ValidationIssue[] {
  if (!isMap(value))
    return [{ field: at, message: `document at line ${line} must be a mapping (a Kubernetes object)` }];
  const issues: ValidationIssue[] = [];
  const need = (key: string, pattern: RegExp, example: string) => {
    const v = value[key];
    if (typeof v !== "string" || !pattern.test(v)) {
      issues.push({
        field: joinField(at, key),
        message: v === undefined ? "is required" : `must look like ${example}`,
      });
    }
  };
  need("apiVersion", API_VERSION, "v1 or apps/v1");
  need("kind", KIND, "Deployment");
  if (typeof value.kind === "string" && /List$/.test(value.kind) && Array.isArray(value.items)) {
    issues.push({
      field: joinField(at, "kind"),
      message: "lists are not supported; give each item as its own document",
    });
  }
  const metadataField = joinField(at, "metadata");
  const metadata = value.metadata;
  if (!isMap(metadata))
    return [...issues, { field: metadataField, message: "is required and must be a mapping" }];
  const name = metadata.name;
  if (typeof name !== "string" || name === "") {
    const message = name === undefined ? "is required" : "must be a non-empty string (quote template text)";
    issues.push({ field: joinField(metadataField, "name"), message });
  } else if (name.length > 253 || /[/%]/.test(name) || name === "." || name === "..") {
    issues.push({
      field: joinField(metadataField, "name"),
      message: "must be at most 253 characters without '/' or '%'",
    });
  }
  // An explicit null means "absent" to Kubernetes; dropping it keeps K8sObject's types honest.
  for (const key of ["namespace", "labels", "annotations"]) if (metadata[key] === null) delete metadata[key];
  if (
    metadata.namespace !== undefined &&
    !(typeof metadata.namespace === "string" && isDns1123Label(metadata.namespace))
  ) {
    issues.push({ field: joinField(metadataField, "namespace"), message: "must be a DNS-1123 label" });
  }
  if (metadata.labels !== undefined)
    issues.push(...labelIssues(metadata.labels, joinField(metadataField, "labels")));
  const annotations = metadata.annotations;
  if (
    annotations !== undefined &&
    !(isMap(annotations) && Object.values(annotations).every((a) => typeof a === "string"))
  ) {
    issues.push({
      field: joinField(metadataField, "annotations"),
      message: "must map keys to string values",
    });
  }
  return issues;
}
