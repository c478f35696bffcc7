import { describe, expect, it } from "vitest";
import {
  classifyResponse,
  failingSince,
  MAX_ATTEMPTS,
  nextRetryDelayMs,
  RETRY_AFTER_CAP_MS,
  STANDARD_WEBHOOKS_SCHEDULE_MS,
  shouldDisableSubscription,
} from "../../src/notify/retry.ts";
import { parseRetryAfter, parseRetryAfterBody } from "../../src/notify/retry-after.ts";

const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const mid = () => 0.5; // no jitter
const base = { headers: {}, nowMs: now, attempt: 1, random: mid };

describe("retry schedule", () => {
  it("is the Standard Webhooks schedule", () => {
    const h = 3600_000;
    expect(STANDARD_WEBHOOKS_SCHEDULE_MS).toEqual([
      0,
      5000,
      300_000,
      1_800_000,
      2 * h,
      5 * h,
      10 * h,
      14 * h,
      20 * h,
      24 * h,
    ]);
    expect(MAX_ATTEMPTS).toBe(10);
    expect([1, 2, 3, 9].map((n) => nextRetryDelayMs(n, mid))).toEqual([5000, 300_000, 1_800_000, 24 * h]);
    expect(nextRetryDelayMs(10, mid)).toBeNull();
  });

  it("jitters by at most 10% either way, driven by the injected random source", () => {
    expect(nextRetryDelayMs(1, () => 0)).toBe(4500);
    expect(nextRetryDelayMs(1, () => 0.999_999)).toBe(5500);
    expect(nextRetryDelayMs(2, () => 0.25)).toBe(285_000);
  });
});

describe("classifyResponse", () => {
  it("counts only 2xx as delivered", () => {
    expect(classifyResponse({ ...base, status: 204 }).outcome).toBe("delivered");
    expect(classifyResponse({ ...base, status: 299 }).outcome).toBe("delivered");
    expect(classifyResponse({ ...base, status: 400 })).toEqual({
      outcome: "retry",
      retryAtMs: now + 5000,
      reason: "HTTP 400",
    });
    expect(classifyResponse({ ...base, status: 500, attempt: 3 }).retryAtMs).toBe(now + 1_800_000);
  });

  it("treats a redirect as a failure that retries, naming where it pointed", () => {
    const r = classifyResponse({ ...base, status: 302, headers: { location: "https://elsewhere.example/" } });
    expect(r).toEqual({
      outcome: "retry",
      retryAtMs: now + 5000,
      reason: "HTTP 302 redirect to https://elsewhere.example/ not followed",
    });
  });

  it("disables on 410", () => {
    expect(classifyResponse({ ...base, status: 410, attempt: 4 }).outcome).toBe("disable");
  });

  it("honours Retry-After on 429 and 503, in seconds or as an HTTP date, within a floor and a cap", () => {
    expect(classifyResponse({ ...base, status: 429, headers: { "retry-after": "120" } }).retryAtMs).toBe(
      now + 120_000,
    );
    const date = new Date(now + 90_000).toUTCString();
    expect(classifyResponse({ ...base, status: 503, headers: { "retry-after": date } }).retryAtMs).toBe(
      now + 90_000,
    );
    expect(classifyResponse({ ...base, status: 429, headers: { "retry-after": "0" } }).retryAtMs).toBe(
      now + 1000,
    );
    expect(classifyResponse({ ...base, status: 503, headers: { "retry-after": "99999999" } }).retryAtMs).toBe(
      now + RETRY_AFTER_CAP_MS,
    );
    // Without a usable hint the schedule applies.
    expect(classifyResponse({ ...base, status: 503, headers: { "retry-after": "soon" } }).retryAtMs).toBe(
      now + 5000,
    );
  });

  it("reads Discord's retry_after from the body when the header is missing", () => {
    const r = classifyResponse({
      ...base,
      status: 429,
      bodyExcerpt: '{"message":"rate limited","retry_after":2.5}',
    });
    expect(r.retryAtMs).toBe(now + 2500);
  });

  it("retries timeouts and connection errors with the error in the reason", () => {
    const r = classifyResponse({
      ...base,
      attempt: 2,
      error: { code: "timeout", message: "no response in 15000 ms" },
    });
    expect(r).toEqual({
      outcome: "retry",
      retryAtMs: now + 300_000,
      reason: "timeout: no response in 15000 ms",
    });
    expect(classifyResponse({ ...base, error: { code: "connect", message: "ECONNREFUSED" } }).outcome).toBe(
      "retry",
    );
  });

  it("marks the delivery failed once the schedule is exhausted, whatever the failure", () => {
    expect(classifyResponse({ ...base, status: 500, attempt: 10 })).toEqual({
      outcome: "failed",
      reason: "HTTP 500; retry schedule exhausted",
    });
    expect(
      classifyResponse({ ...base, status: 429, attempt: 10, headers: { "retry-after": "1" } }).outcome,
    ).toBe("failed");
    expect(classifyResponse({ ...base, status: 200, attempt: 10 }).outcome).toBe("delivered");
  });
});

describe("parseRetryAfter", () => {
  it("accepts delay-seconds and HTTP dates and nothing else", () => {
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBeNull();
    expect(parseRetryAfter("-3", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfterBody('{"retry_after":"x"}')).toBeNull();
    expect(parseRetryAfterBody('{"retry_after":0.2')).toBeNull();
  });
});

describe("disabling a subscription that fails everything", () => {
  it("tracks the start of the current failure run and disables after the configured period", () => {
    const day = 24 * 3600_000;
    let since = failingSince(null, "retry", now);
    since = failingSince(since, "failed", now + day);
    expect(since).toBe(now);
    expect(shouldDisableSubscription({ failingSinceMs: since, nowMs: now + 4 * day })).toBe(false);
    expect(shouldDisableSubscription({ failingSinceMs: since, nowMs: now + 5 * day })).toBe(true);
    expect(shouldDisableSubscription({ failingSinceMs: since, nowMs: now + day, disableAfterMs: day })).toBe(
      true,
    );
    expect(failingSince(since, "delivered", now + 2 * day)).toBeNull();
    expect(shouldDisableSubscription({ failingSinceMs: null, nowMs: now + 100 * day })).toBe(false);
  });
});
