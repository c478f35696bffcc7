import { joinField, throwIfIssues, type ValidationIssue } from "../errors.ts";
import { labelKeyProblem, labelValueProblem } from "./names.ts";

/**
 * Every problem with a label map: not a map, bad keys, non-string or bad values.
 * Fields are `${field}["key"]` (or `${field}.key` for plain keys).
 */
export function labelIssues(labels: unknown, field: string): ValidationIssue[] {
  if (labels === null || typeof labels !== "object" || Array.isArray(labels)) {
    return [{ field, message: "must be a map of label keys to string values" }];
  }
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const at = joinField(field, key);
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) issues.push({ field: at, message: `invalid label key: ${keyProblem}` });
    if (typeof value !== "string") issues.push({ field: at, message: "must be a string" });
    else {
      const valueProblem = labelValueProblem(value);
      if (valueProblem) issues.push({ field: at, message: valueProblem });
    }
  }
  return issues;
}

/** Throws a DomainValidationError listing every problem {@link labelIssues} finds. */
export function validateLabels(labels: unknown, field: string): asserts labels is Record<string, string> {
  throwIfIssues(labelIssues(labels, field));
}
