import { DomainValidationError, type ValidationIssue } from "../../src/domain/errors.ts";

/** Runs `fn`, which must throw a DomainValidationError, and returns its issues. */
export function issuesOf(fn: () => unknown): ValidationIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainValidationError) return e.issues;
    throw e;
  }
  throw new Error("expected a DomainValidationError, nothing was thrown");
}

/** The sorted fields of the issues `fn` throws. */
export function fieldsOf(fn: () => unknown): string[] {
  return issuesOf(fn)
    .map((i) => i.field)
    .sort();
}

/** Awaits `promise`, which must reject with a DomainValidationError, and returns its issues. */
export async function asyncIssuesOf(promise: Promise<unknown>): Promise<ValidationIssue[]> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainValidationError) return e.issues;
    throw e;
  }
  throw new Error("expected a DomainValidationError, nothing was thrown");
}
