import { describe, expect, test } from "vitest";
import {
  isDns1123Label,
  isDns1123Subdomain,
  labelKeyProblem,
  labelValueProblem,
} from "../../../src/domain/selector/names.ts";

describe("DNS-1123 names", () => {
  test.each([
    ["demo", true],
    ["a", true],
    ["a-1", true],
    ["9lives", true],
    ["x".repeat(63), true],
    ["x".repeat(64), false],
    ["", false],
    ["-a", false],
    ["a-", false],
    ["A", false],
    ["a.b", false],
    ["a_b", false],
  ])("label %j → %s", (name, ok) => {
    expect(isDns1123Label(name)).toBe(ok);
  });

  test.each([
    ["example.com", true],
    ["a.b-c.d", true],
    [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`, true],
    [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`, false],
    ["a..b", false],
    [".a", false],
    ["a.", false],
    ["Example.com", false],
  ])("subdomain %j → %s", (name, ok) => {
    expect(isDns1123Subdomain(name)).toBe(ok);
  });
});

describe("label keys and values", () => {
  test.each(["a", "A_b.c-D", "example.com/x", "x".repeat(63), `example.com/${"x".repeat(63)}`])(
    "key %j is valid",
    (key) => {
      expect(labelKeyProblem(key)).toBeUndefined();
    },
  );

  test.each([
    ["", "the name part must not be empty"],
    ["example.com/", "the name part must not be empty"],
    [
      "/x",
      "the prefix before '/' must be a DNS subdomain (lowercase, e.g. example.com), at most 253 characters",
    ],
    ["a/b/c", "a label key has at most one '/'"],
    ["x".repeat(64), "the name part must be at most 63 characters"],
    ["_a", "the name part must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric"],
    ["a.", "the name part must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric"],
  ])("key %j: %s", (key, problem) => {
    expect(labelKeyProblem(key)).toBe(problem);
  });

  test("values", () => {
    expect(labelValueProblem("")).toBeUndefined();
    expect(labelValueProblem("1.24.2")).toBeUndefined();
    expect(labelValueProblem("x".repeat(64))).toBe("a label value must be at most 63 characters");
    expect(labelValueProblem("a b")).toMatch(/^a label value must be empty or alphanumerics/);
    expect(labelValueProblem("a/b")).toMatch(/^a label value must be empty/);
  });
});
