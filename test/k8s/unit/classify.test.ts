import { describe, expect, test } from "vitest";
import { classifyNetworkError, classifyResponse, parseRetryAfter } from "../../../src/k8s/classify.ts";
import { EngineError, isTransient } from "../../../src/k8s/errors.ts";

const status = (code: number, message = "boom", extra: object = {}) => ({
  status: code,
  body: { kind: "Status", message, ...extra },
});

describe("classifying API answers", () => {
  test.each([
    [401, "Unauthorized", false],
    [403, "Forbidden", false],
    [404, "NotFound", false],
    [409, "Conflict", true],
    [400, "Invalid", false],
    [415, "Invalid", false],
    [422, "Invalid", false],
    [429, "RateLimited", true],
    [500, "ServerError", true],
    [503, "ServerError", true],
    [418, "Unexpected", false],
  ] as const)("HTTP %i is %s (transient: %s)", (code, reason, transient) => {
    const error = classifyResponse(status(code), "apply configmap a/b");
    expect(error).toMatchObject({ reason, transient, status: code });
    expect(error.message).toBe("apply configmap a/b: boom");
  });

  test("429 and 503 carry Retry-After in milliseconds, other statuses do not", () => {
    expect(classifyResponse({ ...status(429), retryAfter: "3" }, "x").retryAfterMs).toBe(3000);
    expect(classifyResponse({ ...status(503), retryAfter: "1" }, "x").retryAfterMs).toBe(1000);
    expect(classifyResponse({ ...status(500), retryAfter: "1" }, "x").retryAfterMs).toBeUndefined();
  });

  test("a namespace still terminating is a transient conflict, not a permanent 403", () => {
    const body = { message: "being terminated", details: { causes: [{ reason: "NamespaceTerminating" }] } };
    expect(classifyResponse({ status: 403, body }, "x")).toMatchObject({
      reason: "Conflict",
      transient: true,
    });
  });

  test("a body that is not a Status still yields a message", () => {
    expect(classifyResponse({ status: 502, body: "<html>" }, "GET /version").message).toBe(
      "GET /version: HTTP 502",
    );
  });
});

describe("Retry-After", () => {
  test("parses delta seconds and HTTP dates, ignores garbage", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("classifying failures below HTTP", () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });

  test.each(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENOTFOUND", "UND_ERR_SOCKET"])(
    "%s is Unreachable",
    (code) => {
      expect(classifyNetworkError(withCode(code), "x")).toMatchObject({
        reason: "Unreachable",
        transient: true,
      });
    },
  );

  test("timeouts, including abort-signal timeouts, are transient Timeout", () => {
    expect(classifyNetworkError(withCode("UND_ERR_HEADERS_TIMEOUT"), "x").reason).toBe("Timeout");
    const abort = new DOMException("timed out", "TimeoutError");
    expect(classifyNetworkError(abort, "x")).toMatchObject({ reason: "Timeout", transient: true });
  });

  test("certificate failures are permanent", () => {
    expect(classifyNetworkError(withCode("DEPTH_ZERO_SELF_SIGNED_CERT"), "x")).toMatchObject({
      reason: "TlsFailure",
      transient: false,
    });
  });

  test("causes are followed, through AggregateError too", () => {
    const wrapped = new TypeError("fetch failed", { cause: new AggregateError([withCode("ECONNREFUSED")]) });
    expect(classifyNetworkError(wrapped, "x").reason).toBe("Unreachable");
  });

  test("an EngineError inside the chain wins (the guarded DNS lookup refuses addresses)", () => {
    const refused = new EngineError("AddressRefused", "metadata");
    expect(classifyNetworkError(new Error("connect", { cause: refused }), "x")).toBe(refused);
  });

  test("anything else is Unexpected and never retried", () => {
    const error = classifyNetworkError(new Error("weird"), "x");
    expect(error.reason).toBe("Unexpected");
    expect(isTransient(error)).toBe(false);
    expect(isTransient(new Error("plain"))).toBe(false);
  });
});
