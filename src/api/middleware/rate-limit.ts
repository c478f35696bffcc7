import { createMiddleware } from "hono/factory";
import type { AppEnv, RateLimiter } from "../context.ts";
import { ApiError } from "../errors.ts";

/**
 * Counts every authenticated request against its API key's budget, so it runs after
 * `authenticate`: an unauthenticated flood is a 401 and costs no key its budget. Over the
 * limit is a 429 with `Retry-After`.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const { keyId } = c.var.caller;
  const verdict = await c.var.deps.rateLimiter.limit(`key:${keyId}`);
  if (!verdict.ok) {
    const wait = Math.max(1, Math.ceil(verdict.retryAfterSeconds));
    throw new ApiError("rate_limited", `this API key is over its request limit; retry in ${wait} s`, {
      headers: { "retry-after": String(wait) },
    });
  }
  await next();
});

/** A fixed window aligned to the epoch: when it started and how long until the next one. */
export interface FixedWindow {
  start: Date;
  secondsLeft: number;
}

/**
 * The fixed window holding `nowMs`. Epoch-aligned, like the Workers binding's windows, so both
 * runtimes answer the same `Retry-After` for the same instant. `secondsLeft` is at least 1.
 */
export function fixedWindow(nowMs: number, windowSeconds: number): FixedWindow {
  const size = windowSeconds * 1000;
  const startMs = Math.floor(nowMs / size) * size;
  return { start: new Date(startMs), secondsLeft: Math.max(1, Math.ceil((startMs + size - nowMs) / 1000)) };
}

/** A limiter that never refuses, for in-process tests and tools that serve no traffic. */
export const unlimited: RateLimiter = {
  limit: async () => ({ ok: true, retryAfterSeconds: 0 }),
};
