import { describe, expect, test } from "vitest";
import { percentToBasisPoints, resolveQuantity } from "../../../src/domain/rollouts/quantity.ts";

describe("percentToBasisPoints", () => {
  test.each([
    ["0%", 0],
    ["1%", 100],
    ["25%", 2500],
    ["0.5%", 50],
    ["12.34%", 1234],
    ["100%", 10_000],
    ["100.00%", 10_000],
  ])("%s is %d basis points", (text, basisPoints) => {
    expect(percentToBasisPoints(text)).toBe(basisPoints);
  });

  test.each(["100.01%", "101%", "-5%", "1e2%", "12.345%", "25", "%", " 5%", "5 %", "abc"])(
    "%s is rejected",
    (text) => {
      expect(percentToBasisPoints(text)).toBeNull();
    },
  );
});

describe("resolveQuantity", () => {
  test("a count is taken as it is, whatever the size", () => {
    expect(resolveQuantity(7, 3, "up")).toBe(7);
    expect(resolveQuantity(0, 100, "down")).toBe(0);
  });

  test.each([
    // [percent, of, up, down]
    ["30%", 10, 3, 3], // 10 × 0.3 is 3.0000000000000004 in floating point: must stay 3
    ["25%", 10, 3, 2],
    ["33%", 3, 1, 0],
    ["1%", 1, 1, 0],
    ["0.5%", 10_000, 50, 50],
    ["0.5%", 199, 1, 0],
    ["12.5%", 8, 1, 1],
    ["100%", 11, 11, 11],
    ["0%", 50, 0, 0],
    ["70%", 10, 7, 7],
    ["10%", 0, 0, 0],
  ] as const)("%s of %d rounds up to %d and down to %d", (percent, of, up, down) => {
    expect(resolveQuantity(percent, of, "up")).toBe(up);
    expect(resolveQuantity(percent, of, "down")).toBe(down);
  });

  test("an invalid percentage is a programming error", () => {
    expect(() => resolveQuantity("150%", 10, "up")).toThrow(RangeError);
  });
});
