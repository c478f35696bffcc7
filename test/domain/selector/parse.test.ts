import { describe, expect, test } from "vitest";
import { parseSelector } from "../../../src/domain/selector/parse.ts";
import { issuesOf } from "../issues.ts";

describe("parseSelector", () => {
  test("the issue's example", () => {
    expect(parseSelector("env=prod,region in (eu,us),!canary")).toEqual([
      { key: "env", op: "=", values: ["prod"] },
      { key: "region", op: "in", values: ["eu", "us"] },
      { key: "canary", op: "!exists", values: [] },
    ]);
  });

  test.each([
    ["", []],
    ["   ", []],
    ["a==b", [{ key: "a", op: "=", values: ["b"] }]],
    ["a != b", [{ key: "a", op: "!=", values: ["b"] }]],
    ["a=", [{ key: "a", op: "=", values: [""] }]],
    [
      "a!=,b",
      [
        { key: "a", op: "!=", values: [""] },
        { key: "b", op: "exists", values: [] },
      ],
    ],
    ["tier", [{ key: "tier", op: "exists", values: [] }]],
    ["! tier", [{ key: "tier", op: "!exists", values: [] }]],
    ["x notin(b,a,b)", [{ key: "x", op: "notin", values: ["a", "b"] }]],
    ["x in (a,)", [{ key: "x", op: "in", values: ["", "a"] }]],
    ["x in (,a)", [{ key: "x", op: "in", values: ["", "a"] }]],
    ["x in ( a , b )", [{ key: "x", op: "in", values: ["a", "b"] }]],
    [
      "topology.kubernetes.io/zone=eu-west-1a",
      [{ key: "topology.kubernetes.io/zone", op: "=", values: ["eu-west-1a"] }],
    ],
    [
      "example.com/My_Key.v2 in (A-1,b.2)",
      [{ key: "example.com/My_Key.v2", op: "in", values: ["A-1", "b.2"] }],
    ],
    [
      "a=b,a=c",
      [
        { key: "a", op: "=", values: ["b"] },
        { key: "a", op: "=", values: ["c"] },
      ],
    ],
  ])("%j", (text, expected) => {
    expect(parseSelector(text)).toEqual(expected);
  });

  test.each([
    ["a=b,", "expected a label key but found the end of the selector at position 4"],
    [",a", 'expected a label key but found "," at position 0'],
    ["a b", 'expected an operator (=, ==, !=, in, notin) but found "b" at position 2'],
    ["a in b", "expected '(' after in but found \"b\" at position 5"],
    ["a in ()", "the value set of in must not be empty at position 6"],
    ["a in (b", "unclosed '(' at position 5"],
    ["a in (", "unclosed '(' at position 5"],
    ["a in (b,", "unclosed '(' at position 5"],
    ["a in (b c)", "expected ',' or ')' but found \"c\" at position 8"],
    ["a in (b,=)", 'expected a label value but found "=" at position 8'],
    ["a=b=c", "expected ',' or the end of the selector but found \"=\" at position 3"],
    ["a=(b)", 'expected a label value but found "(" at position 2'],
    ["a > 1", "operator > is not supported; use =, !=, in, notin or exists at position 2"],
    ["!a=b", "expected ',' or the end of the selector but found \"=\" at position 2"],
    ["in=b", 'expected a label key but found "in" at position 0'],
    [
      "-a=b",
      "invalid label key \"-a\": the name part must be alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric at position 0",
    ],
    ["A.com/x=b", expect.stringMatching(/^invalid label key "A.com\/x": the prefix .* at position 0$/)],
    [
      "a/b/c",
      expect.stringMatching(/^invalid label key "a\/b\/c": a label key has at most one '\/' at position 0$/),
    ],
    [
      `a=${"v".repeat(64)}`,
      expect.stringMatching(
        /^invalid label value "v+": a label value must be at most 63 characters at position 2$/,
      ),
    ],
    ["a in (x,b_)", expect.stringMatching(/^invalid label value "b_": .* at position 8$/)],
  ])("%j is rejected: %s", (text, message) => {
    expect(issuesOf(() => parseSelector(text))).toEqual([{ field: "selector", message }]);
  });

  test("the field can be named", () => {
    expect(issuesOf(() => parseSelector("a b", "query.selector"))[0]?.field).toBe("query.selector");
  });
});
