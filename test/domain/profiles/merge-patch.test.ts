import { describe, expect, test } from "vitest";
import { applyMergePatch } from "../../../src/domain/profiles/merge-patch.ts";

describe("applyMergePatch", () => {
  // RFC 7386, Appendix A.
  test.each([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [
      ["a", "b"],
      ["c", "d"],
      ["c", "d"],
    ],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("%j + %j = %j", (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  test("nulls inside arrays are values, not deletions", () => {
    expect(applyMergePatch({ a: [1] }, { a: [null, { b: null }] })).toEqual({ a: [null, { b: null }] });
  });

  test("inputs are not mutated and results do not alias the patch", () => {
    const target = { spec: { replicas: 1, template: { x: 1 } } };
    const patch = { spec: { replicas: 3, list: [{ a: 1 }] } };
    const snapshot = structuredClone({ target, patch });
    const result = applyMergePatch(target, patch) as { spec: { list: { a: number }[] } };
    expect({ target, patch }).toEqual(snapshot);
    result.spec.list[0]!.a = 2;
    expect(patch.spec.list[0]?.a).toBe(1);
  });

  test("a __proto__ member is data, never a prototype", () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
