import { describe, expect, test } from "vitest";
import { DomainValidationError, joinField, throwIfIssues } from "../../src/domain/errors.ts";

describe("joinField", () => {
  test.each([
    ["", "kubeconfig", "kubeconfig"],
    ["kubeconfig", "users", "kubeconfig.users"],
    ["kubeconfig.users", 0, "kubeconfig.users[0]"],
    ["user", "token-file", "user.token-file"],
    ["labels", "istio.io/rev", 'labels["istio.io/rev"]'],
    ["labels", "a b", 'labels["a b"]'],
    ["labels", "9lives", 'labels["9lives"]'],
    ["", "a.b", '["a.b"]'],
  ])("%j + %j → %s", (base, key, expected) => {
    expect(joinField(base, key)).toBe(expected);
  });
});

describe("DomainValidationError", () => {
  test("carries every issue and summarises them in its message", () => {
    const issues = [
      { field: "a", message: "is wrong" },
      { field: "b", message: "is missing" },
    ];
    const error = new DomainValidationError(issues);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DomainValidationError");
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe("a: is wrong; b: is missing");
  });

  test("throwIfIssues throws only when there are issues", () => {
    expect(() => throwIfIssues([])).not.toThrow();
    expect(() => throwIfIssues([{ field: "x", message: "y" }])).toThrow(DomainValidationError);
  });
});
