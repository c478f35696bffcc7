import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../../src/api/app.ts";
import type { App } from "../../src/api/context.ts";
import { fixedWindow } from "../../src/api/middleware/rate-limit.ts";
import { createKeyRing, generateKeyRingSpec } from "../../src/crypto/keyring.ts";
import { rateLimits } from "../../src/db/schema/index.ts";
import type { Logger } from "../../src/logger.ts";
import { createPostgresRateLimiter } from "../../src/node/rate-limit-postgres.ts";
import { createApiKey } from "../../src/services/tenants.ts";
import { createTestDatabase } from "../support/postgres.ts";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const quiet: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet };
const MINUTE = Date.UTC(2026, 0, 1, 12, 0, 0);

let database: TestDatabase;
let app: App;
/** The limiter's clock: 10 s into a minute unless a test moves it. */
let now = MINUTE + 10_000;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({
    db: database.db,
    keyRing: await createKeyRing(generateKeyRingSpec("t1")),
    logger: quiet,
    ping: async () => {},
    rateLimiter: createPostgresRateLimiter(database.db, { perMinute: 3, now: () => now }),
    settings: {
      allowLoopbackClusters: true,
      allowInsecureWebhooks: true,
      allowLoopbackWebhooks: true,
      bodyLimitBytes: 1e6,
    },
  });
});
afterAll(() => database?.drop());

async function newKey(tenantId: string): Promise<{ id: string; secret: string }> {
  const created = await createApiKey(database.db, { tenantId, name: "rl", scope: "read", actor: "test" });
  return { id: created!.key.id, secret: created!.secret };
}

const list = (secret?: string) =>
  app.request("/v1/clusters", { headers: secret ? { authorization: `Bearer ${secret}` } : {} });

describe("rate limiting on Node (Postgres fixed window)", () => {
  test("over the limit is a 429 problem with Retry-After; the next window lets the key in again", async () => {
    now = MINUTE + 10_000;
    const key = await newKey("rl-a");
    for (let i = 0; i < 3; i++) expect((await list(key.secret)).status).toBe(200);
    const refused = await list(key.secret);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("50");
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await refused.json()) as { type: string; status: number; detail: string };
    expect(problem).toMatchObject({ type: "urn:meshfleet:problem:rate_limited", status: 429 });
    expect(problem.detail).toContain("retry in 50 s");

    now = MINUTE + 60_000;
    expect((await list(key.secret)).status).toBe(200);
    const rows = await database.db
      .select({ windowStart: rateLimits.windowStart })
      .from(rateLimits)
      .where(eq(rateLimits.bucket, `key:${key.id}`));
    expect(rows.map((r) => r.windowStart.getTime())).toEqual([MINUTE + 60_000]);
  });

  test("the budget is per API key, not per tenant", async () => {
    now = MINUTE + 10_000;
    const first = await newKey("rl-b");
    const second = await newKey("rl-b");
    for (let i = 0; i < 4; i++) await list(first.secret);
    expect((await list(first.secret)).status).toBe(429);
    expect((await list(second.secret)).status).toBe(200);
  });

  test("unauthenticated requests are 401 and cost no key its budget", async () => {
    now = MINUTE + 10_000;
    const key = await newKey("rl-c");
    for (let i = 0; i < 5; i++) expect((await list()).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await list(key.secret)).status).toBe(200);
  });

  test("concurrent requests cannot overspend: exactly the limit gets through", async () => {
    const limiter = createPostgresRateLimiter(database.db, { perMinute: 10, now: () => MINUTE + 5_000 });
    const verdicts = await Promise.all(Array.from({ length: 25 }, () => limiter.limit("key:concurrent")));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(10);
    const [row] = await database.db
      .select({ count: rateLimits.count })
      .from(rateLimits)
      .where(and(eq(rateLimits.bucket, "key:concurrent"), eq(rateLimits.windowStart, new Date(MINUTE))));
    expect(row?.count).toBe(25);
    const [{ n }] = (await database.db.execute(
      sql`select count(*)::int as n from rate_limits where bucket = 'key:concurrent'`,
    )) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe("fixedWindow", () => {
  test("windows are epoch-aligned and Retry-After is whole seconds to the next one, at least 1", () => {
    expect(fixedWindow(MINUTE, 60)).toEqual({ start: new Date(MINUTE), secondsLeft: 60 });
    expect(fixedWindow(MINUTE + 10_000, 60)).toEqual({ start: new Date(MINUTE), secondsLeft: 50 });
    expect(fixedWindow(MINUTE + 59_999, 60)).toEqual({ start: new Date(MINUTE), secondsLeft: 1 });
    expect(fixedWindow(MINUTE + 60_000, 60).start).toEqual(new Date(MINUTE + 60_000));
    expect(fixedWindow(MINUTE + 12_500, 10)).toEqual({ start: new Date(MINUTE + 10_000), secondsLeft: 8 });
  });
});
