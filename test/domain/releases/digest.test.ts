import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { canonicalJson, digestOf, sha256Hex } from "../../../src/domain/releases/digest.ts";

test("canonicalJson sorts keys at every depth and keeps array order", () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
    '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
  );
  expect(canonicalJson({ a: undefined, b: "x" })).toBe('{"b":"x"}');
});

test("a __proto__ key stays data", () => {
  const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
  expect(canonicalJson(value)).toBe('{"__proto__":{"polluted":true},"a":1}');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test("sha256Hex matches node:crypto for strings and bytes", async () => {
  const text = "héllo {{ .Values.global.hub }}";
  expect(await sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
  expect(await sha256Hex(new Uint8Array([0, 255]))).toBe(
    createHash("sha256")
      .update(Buffer.from([0, 255]))
      .digest("hex"),
  );
});

test("digestOf is insensitive to key order only", async () => {
  expect(await digestOf({ a: 1, b: 2 })).toBe(await digestOf({ b: 2, a: 1 }));
  expect(await digestOf([1, 2])).not.toBe(await digestOf([2, 1]));
});
