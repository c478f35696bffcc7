/** One problem with a request body: where it is and what to fix. */
export interface ValidationIssue {
  /** Dotted path into the request body, e.g. `kubeconfig.users[0].user.exec`. */
  field: string;
  message: string;
}

/**
 * The domain's only error: the input is invalid and the caller can fix it.
 * The API renders it as 422 problem+json naming every issue, so validators collect all
 * issues they find instead of stopping at the first.
 */
export class DomainValidationError extends Error {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join("; ") || "invalid input");
    this.name = "DomainValidationError";
    this.issues = issues;
  }
}

/** Throws a DomainValidationError when `issues` is not empty. */
export function throwIfIssues(issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new DomainValidationError(issues);
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Appends a key or index to a field path: `a` + 0 → `a[0]`, `a` + `b` → `a.b`.
 * Keys that would be ambiguous after a dot (label keys such as `istio.io/rev`) are quoted:
 * `labels["istio.io/rev"]`.
 */
export function joinField(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (PLAIN_KEY.test(key)) return base === "" ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}
