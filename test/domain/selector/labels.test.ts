import { describe, expect, test } from "vitest";
import { labelIssues, validateLabels } from "../../../src/domain/selector/labels.ts";
import { issuesOf } from "../issues.ts";

describe("validateLabels", () => {
  test("valid maps pass, including empty values and prefixed keys", () => {
    const labels = {
      env: "prod",
      "topology.kubernetes.io/zone": "eu-west-1a",
      "a.b/C_d.e-f": "",
      x: "A.b_c-9",
    };
    expect(() => validateLabels(labels, "labels")).not.toThrow();
    expect(labelIssues({}, "labels")).toEqual([]);
  });

  test("every bad key and value is reported with its field", () => {
    const issues = issuesOf(() =>
      validateLabels(
        {
          good: "ok",
          "bad key": "x",
          "istio.io/rev": "-bad",
          "Upper.Case/x": "y",
          n: 5,
          [`k${"x".repeat(63)}`]: "v",
        },
        "labels",
      ),
    );
    expect(issues.map((i) => i.field)).toEqual([
      'labels["bad key"]',
      'labels["istio.io/rev"]',
      'labels["Upper.Case/x"]',
      "labels.n",
      `labels.k${"x".repeat(63)}`,
    ]);
    expect(issues[1]?.message).toMatch(/label value must be empty or alphanumerics/);
    expect(issues[3]?.message).toBe("must be a string");
  });

  test.each([null, "env=prod", ["a"], 3])("%j is not a label map", (value) => {
    expect(labelIssues(value, "labels")).toEqual([
      { field: "labels", message: "must be a map of label keys to string values" },
    ]);
  });
});
