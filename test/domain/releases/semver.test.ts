import { describe, expect, test } from "vitest";
import { compareSemver, isValidSemver, parseSemver } from "../../../src/domain/releases/semver.ts";

describe("parseSemver", () => {
  test("parses all parts", () => {
    expect(parseSemver("1.25.0-beta.1+build.7")).toEqual({
      major: 1,
      minor: 25,
      patch: 0,
      prerelease: ["beta", "1"],
      build: ["build", "7"],
    });
    expect(parseSemver("0.0.0")).toEqual({ major: 0, minor: 0, patch: 0, prerelease: [], build: [] });
  });

  test.each([
    "1.24.2",
    "1.0.0-alpha",
    "1.0.0-0.3.7",
    "1.0.0-x-y-z.--",
    "1.0.0+20130313144700",
    "10.20.30-rc.1+meta",
  ])("%s is valid", (v) => expect(isValidSemver(v)).toBe(true));

  test.each([
    "",
    "1",
    "1.2",
    "v1.2.3",
    "01.2.3",
    "1.02.3",
    "1.2.3-01",
    "1.2.3-",
    "1.2.3+",
    "1.2.3.4",
    " 1.2.3",
    "1.2.3-a..b",
    "99999999999999999.0.0",
  ])("%j is invalid", (v) => expect(isValidSemver(v)).toBe(false));
});

describe("compareSemver", () => {
  test("orders by the SemVer 2.0.0 precedence example", () => {
    const ordered = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.0.1",
      "1.1.0",
      "1.24.2",
      "2.0.0",
    ];
    const shuffled = [...ordered].reverse();
    const sorted = shuffled.sort((a, b) => compareSemver(parseSemver(a)!, parseSemver(b)!));
    expect(sorted).toEqual(ordered);
  });

  test("build metadata does not count", () => {
    expect(compareSemver(parseSemver("1.0.0+a")!, parseSemver("1.0.0+b")!)).toBe(0);
    expect(compareSemver(parseSemver("1.0.0-rc.1")!, parseSemver("1.0.0-rc.1")!)).toBe(0);
  });
});
