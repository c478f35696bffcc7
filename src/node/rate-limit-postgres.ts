import { and, eq, lt, sql } from "drizzle-orm";
import type { RateLimiter } from "../api/context.ts";
import { fixedWindow } from "../api/middleware/rate-limit.ts";
import type { Db } from "../db/client.ts";
import { rateLimits } from "../db/schema/index.ts";

const WINDOW_SECONDS = 60;

/**
 * The Node runtime's limiter: a fixed one-minute window per key in the `rate_limits` table,
 * shared by every API replica on the same database. One atomic upsert per request counts and
 * reads in the same statement, so concurrent requests can't both take the last slot. Works on
 * Postgres and the embedded PGlite alike (query builder, no driver-specific results).
 */
export function createPostgresRateLimiter(
  db: Db,
  opts: { perMinute: number; now?: () => number },
): RateLimiter {
  const now = opts.now ?? Date.now;
  return {
    async limit(key) {
      const window = fixedWindow(now(), WINDOW_SECONDS);
      const [row] = await db
        .insert(rateLimits)
        .values({ bucket: key, windowStart: window.start, count: 1 })
        .onConflictDoUpdate({
          target: [rateLimits.bucket, rateLimits.windowStart],
          set: { count: sql`${rateLimits.count} + 1` },
        })
        .returning({ count: rateLimits.count });
      const count = row!.count;
      // The first request of a window clears the key's older windows: at most one extra
      // statement per key per minute keeps the table at about one row per active key.
      if (count === 1) {
        await db
          .delete(rateLimits)
          .where(and(eq(rateLimits.bucket, key), lt(rateLimits.windowStart, window.start)));
      }
      return { ok: count <= opts.perMinute, retryAfterSeconds: window.secondsLeft };
    },
  };
}
