import { describe, expect, test } from "vitest";
import {
  defaultKubernetesRange,
  kubernetesRangeIssues,
  kubernetesVersionInRange,
  parseKubernetesVersion,
} from "../../../src/domain/releases/versions.ts";

describe("defaultKubernetesRange", () => {
  test.each([
    ["1.30.0", { min: "1.32", max: "1.36" }],
    ["1.29.1", { min: "1.31", max: "1.35" }],
    ["1.28.3", { min: "1.30", max: "1.34" }],
    ["1.27.0", { min: "1.29", max: "1.33" }],
    ["1.26.2", { min: "1.29", max: "1.33" }],
    ["1.25.0-beta.1", { min: "1.29", max: "1.32" }],
  ])("%s → %j", (version, range) => {
    expect(defaultKubernetesRange(version)).toEqual(range);
  });

  test.each(["1.24.2", "1.31.0", "2.25.0", "1.25", "v1.25.0", "garbage"])("%s has no default", (version) => {
    expect(defaultKubernetesRange(version)).toBeUndefined();
  });

  test("callers get a copy", () => {
    const range = defaultKubernetesRange("1.30.0")!;
    range.min = "0.0";
    expect(defaultKubernetesRange("1.30.0")?.min).toBe("1.32");
  });
});

describe("parseKubernetesVersion", () => {
  test.each([
    ["1.29", { major: 1, minor: 29 }],
    ["v1.29.3", { major: 1, minor: 29 }],
    ["v1.29.3-eks-5e0fdde", { major: 1, minor: 29 }],
    ["1.30+k3s1", { major: 1, minor: 30 }],
    [
      { major: "1", minor: "29+" },
      { major: 1, minor: 29 },
    ],
    [
      { major: 1, minor: 33 },
      { major: 1, minor: 33 },
    ],
  ])("%j", (input, expected) => {
    expect(parseKubernetesVersion(input)).toEqual(expected);
  });

  test.each(["", "1", "one.two", "1.29x", { major: "", minor: "29" }, { major: "1", minor: "+" }])(
    "%j is unreadable",
    (input) => {
      expect(parseKubernetesVersion(input)).toBeUndefined();
    },
  );
});

describe("kubernetesVersionInRange", () => {
  const range = { min: "1.29", max: "1.33" };
  test.each([
    ["1.28", false],
    ["1.29", true],
    ["v1.31.2", true],
    ["1.33.9", true],
    ["1.34.0", false],
    ["2.0", false],
    ["0.40", false],
  ])("%s → %s", (version, inside) => {
    expect(kubernetesVersionInRange(version, range)).toBe(inside);
  });

  test("server /version objects with suffixes", () => {
    expect(kubernetesVersionInRange({ major: "1", minor: "33+" }, range)).toBe(true);
    expect(kubernetesVersionInRange({ major: "1", minor: "20" }, range)).toBe(false);
  });

  test("unreadable versions and ranges throw rather than pass", () => {
    expect(() => kubernetesVersionInRange("latest", range)).toThrow(/unreadable Kubernetes version/);
    expect(() => kubernetesVersionInRange("1.30", { min: "x", max: "1.33" })).toThrow(/range bound/);
  });
});

describe("kubernetesRangeIssues", () => {
  test("valid ranges have none", () => {
    expect(kubernetesRangeIssues({ min: "1.29", max: "1.33" })).toEqual([]);
    expect(kubernetesRangeIssues({ min: "1.30", max: "1.30" })).toEqual([]);
  });

  test("bad bounds and inverted ranges", () => {
    expect(kubernetesRangeIssues({ min: "1.29.1", max: "v1.33" }, "body.kubernetes")).toEqual([
      { field: "body.kubernetes.min", message: "must be major.minor, e.g. 1.29" },
      { field: "body.kubernetes.max", message: "must be major.minor, e.g. 1.29" },
    ]);
    expect(kubernetesRangeIssues({ min: "1.34", max: "1.9" })).toEqual([
      { field: "kubernetes.min", message: "must not be above max (1.9)" },
    ]);
  });
});
