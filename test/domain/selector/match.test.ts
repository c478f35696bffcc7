import { describe, expect, test } from "vitest";
import { matchesSelector } from "../../../src/domain/selector/match.ts";
import { parseSelector } from "../../../src/domain/selector/parse.ts";

const labels = { env: "prod", region: "eu", "topology.kubernetes.io/zone": "eu-1a", empty: "" };
const matches = (selector: string, l: Record<string, string> = labels) =>
  matchesSelector(parseSelector(selector), l);

describe("matchesSelector", () => {
  test.each([
    ["", true],
    ["env=prod", true],
    ["env==staging", false],
    ["missing=x", false],
    ["env!=staging", true],
    ["env!=prod", false],
    ["missing!=x", true],
    ["region in (eu,us)", true],
    ["region in (us)", false],
    ["missing in (x)", false],
    ["region notin (us)", true],
    ["region notin (eu)", false],
    ["missing notin (x)", true],
    ["env", true],
    ["missing", false],
    ["!missing", true],
    ["!env", false],
    ["empty=", true],
    ["empty", true],
    ["empty in (a,)", true],
    ["env=", false],
    ["topology.kubernetes.io/zone=eu-1a", true],
    ["env=prod,region in (eu,us),!canary", true],
    ["env=prod,region in (eu,us),!region", false],
  ])("%j → %s", (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  test("inherited properties are not labels", () => {
    expect(matches("constructor", {})).toBe(false);
    expect(matches("toString!=x", {})).toBe(true);
  });
});
