/** The in-process API over a fresh database, usable from tests and benches alike. */
import { sql } from "drizzle-orm";
import { createApp } from "../../src/api/app.ts";
import type { ApiSettings, App } from "../../src/api/context.ts";
import { unlimited } from "../../src/api/middleware/rate-limit.ts";
import { createKeyRing, generateKeyRingSpec, type KeyRing } from "../../src/crypto/keyring.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import { createApiKey, type Scope } from "../../src/services/tenants.ts";
import { createTestDatabase } from "./postgres.ts";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** A response as tests read it. */
export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary JSON
  body: any;
}

/** The in-process API over a fresh database, with helpers to call it. */
export interface ApiHarness {
  app: App;
  database: TestDatabase;
  keyRing: KeyRing;
  /** The key ring's spec, for worker processes started by tests. */
  keyRingSpec: string;
  /** Calls the app in-process. `key` is sent as a Bearer token. */
  call(
    method: string,
    path: string,
    opts?: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  /** A new API key; a new tenant unless `tenant` is given. */
  key(scope: Scope, tenant?: string): Promise<{ secret: string; tenant: string }>;
  /** Rows in a table, for "nothing was stored" checks. */
  count(table: string): Promise<number>;
}

let tenantCounter = 0;

/** Builds a harness; `settings` override the test defaults (loopback clusters allowed). */
export async function createApiHarness(settings: Partial<ApiSettings> = {}): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const keyRingSpec = generateKeyRingSpec("test1");
  const keyRing = await createKeyRing(keyRingSpec);
  const app = createApp({
    db: database.db,
    keyRing,
    logger: silentLogger(),
    ping: async () => {
      await database.db.execute(sql`select 1`);
    },
    rateLimiter: unlimited,
    settings: {
      allowLoopbackClusters: true,
      allowInsecureWebhooks: true,
      allowLoopbackWebhooks: true,
      bodyLimitBytes: 2 * 1024 * 1024,
      ...settings,
    },
  });
  return {
    app,
    database,
    keyRing,
    keyRingSpec,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body: string | undefined = opts.rawBody;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers["content-type"] ??= "application/json";
      }
      const res = await app.request(path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async key(scope, tenant) {
      const tenantId = tenant ?? `tenant-${process.pid}-${++tenantCounter}`;
      const created = await createApiKey(database.db, { tenantId, name: "test", scope, actor: "test" });
      return { secret: created!.secret, tenant: tenantId };
    },
    async count(table) {
      const rows = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
      return (rows as unknown as { n: number }[])[0]!.n;
    },
  };
}

/** A logger that drops everything, so request logs stay out of test and bench output. */
export function silentLogger() {
  const logger = createConsoleLogger();
  const noop = () => {};
  const silent = { ...logger, info: noop, warn: noop, debug: noop, error: noop, child: () => silent };
  return silent;
}
