import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { unstable_readConfig } from "wrangler";
import { RATE_LIMIT_PERIOD_SECONDS } from "../../src/edge/rate-limiter.ts";
import { ROOT } from "./support/bundle.ts";
import { type EdgeHarness, startEdge } from "./support/edge.ts";

const LIMIT = 3;
let edge: EdgeHarness;
beforeAll(async () => {
  edge = await startEdge({ rateLimit: LIMIT });
});
afterAll(() => edge?.close());

/**
 * The binding's windows are epoch-aligned minutes. Setup, not an assertion: start each test
 * well inside a window, so its few requests cannot straddle a reset.
 */
async function startOfFreshWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

async function newKey(): Promise<string> {
  const res = await edge.call("POST", "/v1/keys", {
    key: edge.adminKey,
    body: { name: "rl", scope: "read" },
  });
  expect(res.status).toBe(201);
  return res.body.secret as string;
}

describe("rate limiting on Workers (the ratelimit binding, in workerd)", () => {
  test("wrangler.toml's RATE_LIMITER period is the one the Worker derives Retry-After from", () => {
    const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
    const binding = (config.ratelimits as { name: string; simple: { period: number } }[]).find(
      (r) => r.name === "RATE_LIMITER",
    );
    expect(binding?.simple.period).toBe(RATE_LIMIT_PERIOD_SECONDS);
    expect(config.compatibility_flags).toContain("nodejs_compat");
  });

  test("over the limit is a 429 problem with Retry-After, per API key", async () => {
    const key = await newKey();
    const other = await newKey();
    await startOfFreshWindow();
    for (let i = 0; i < LIMIT; i++)
      expect((await edge.call("GET", "/v1/clusters", { key })).status).toBe(200);
    const refused = await edge.call("GET", "/v1/clusters", { key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body).toMatchObject({ type: "urn:meshfleet:problem:rate_limited", status: 429 });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMIT_PERIOD_SECONDS);
    expect((await edge.call("GET", "/v1/clusters", { key: other })).status).toBe(200);
  });

  test("unauthenticated requests are 401, not 429, and spend nothing", async () => {
    const key = await newKey();
    await startOfFreshWindow();
    for (let i = 0; i < LIMIT + 2; i++) expect((await edge.call("GET", "/v1/clusters")).status).toBe(401);
    for (let i = 0; i < LIMIT; i++)
      expect((await edge.call("GET", "/v1/clusters", { key })).status).toBe(200);
  });
});
