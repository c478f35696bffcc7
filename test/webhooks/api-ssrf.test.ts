/**
 * The creation-time SSRF check with a resolver, as the Node entry wires it: names resolving to
 * blocked addresses are refused with a 422 naming `url`.
 */
import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { unlimited } from "../../src/api/middleware/rate-limit.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import type { Resolver } from "../../src/notify/send/resolver.ts";
import { systemResolver } from "../../src/notify/send/resolver.ts";
import { validateWebhookUrl } from "../../src/notify/send/validate-url.ts";
import { type ApiHarness, apiTest as test } from "../support/api.ts";

/** A stand-in DNS: these names exist only in this test. */
const zone: Record<string, string> = {
  "metadata.evil.test": "169.254.169.254",
  "internal.evil.test": "10.0.0.5",
  "mapped.evil.test": "::ffff:127.0.0.1",
  "hooks.public.test": "93.184.216.34",
};
const resolve: Resolver = async (host) => {
  const address = zone[host];
  if (address !== undefined) return [{ address, family: address.includes(":") ? 6 : 4 }];
  // localhost comes from /etc/hosts through the real resolver; nothing here leaves the machine.
  if (host === "localhost") return systemResolver(host);
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
};

function strictApp(api: ApiHarness) {
  const logger = createConsoleLogger();
  const quiet = { ...logger, info: () => {}, child: () => quiet };
  return createApp({
    db: api.database.db,
    keyRing: api.keyRing,
    logger: quiet,
    ping: async () => {
      await api.database.db.execute(sql`select 1`);
    },
    rateLimiter: unlimited,
    settings: {
      allowLoopbackClusters: false,
      allowInsecureWebhooks: false,
      allowLoopbackWebhooks: false,
      bodyLimitBytes: 1024 * 1024,
    },
    validateWebhookUrl: (raw, policy) => validateWebhookUrl(raw, { ...policy, resolve }),
  });
}

describe("SSRF guard at subscription time", () => {
  test("names that resolve to blocked addresses are refused, naming url", async ({ api }) => {
    const app = strictApp(api);
    const { secret: key } = await api.key("write");
    const post = async (url: string) => {
      const res = await app.request("/v1/webhooks", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ url, events: ["*"] }),
      });
      return {
        status: res.status,
        body: (await res.json()) as { errors?: { field: string; message: string }[] },
      };
    };
    for (const [url, why] of [
      [
        "https://metadata.evil.test/",
        /metadata address \(metadata\.evil\.test resolves to 169\.254\.169\.254\)/,
      ],
      ["https://internal.evil.test/hook", /private address/],
      ["https://mapped.evil.test/hook", /loopback address/],
      ["https://localhost:8443/hook", /loopback address/],
      ["http://hooks.public.test/hook", /http: is not allowed/],
      ["https://no-such-host.invalid/", /does not resolve/],
    ] as const) {
      const res = await post(url);
      expect(res.status, url).toBe(422);
      expect(res.body.errors?.[0]?.field).toBe("url");
      expect(res.body.errors?.[0]?.message).toMatch(why);
    }
    const ok = await post("https://hooks.public.test/hook");
    expect(ok.status).toBe(201);
  });
});
