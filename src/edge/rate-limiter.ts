import type { RateLimiter } from "../api/context.ts";
import { fixedWindow } from "../api/middleware/rate-limit.ts";
import type { RateLimitBinding } from "./bindings.ts";

/**
 * Must equal `simple.period` of the RATE_LIMITER binding in wrangler.toml (test/edge checks
 * it): the binding answers only yes or no, so the Worker derives `Retry-After` itself.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/**
 * The Workers limiter: Cloudflare's rate-limiting binding, whose counters are per location
 * and approximate. `Retry-After` is the time to the next epoch-aligned window, as on Node.
 */
export function createBindingRateLimiter(
  binding: RateLimitBinding,
  now: () => number = Date.now,
): RateLimiter {
  return {
    async limit(key) {
      const { success } = await binding.limit({ key });
      return { ok: success, retryAfterSeconds: fixedWindow(now(), RATE_LIMIT_PERIOD_SECONDS).secondsLeft };
    },
  };
}
