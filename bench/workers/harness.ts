import { sql } from "drizzle-orm";
import { createApp } from "../../src/api/app.ts";
import { unlimited } from "../../src/api/middleware/rate-limit.ts";
import { createKeyRing, generateKeyRingSpec, type KeyRing } from "../../src/crypto/keyring.ts";
import { createConsoleLogger, type Logger } from "../../src/logger.ts";
import { createApiKey } from "../../src/services/tenants.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** A JSON response from the in-process API. */
export interface BenchResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few fields of arbitrary JSON
  body: any;
}

/** The in-process API over a fresh database, as the bench drives it. */
export interface BenchApi {
  database: TestDatabase;
  keyRing: KeyRing;
  call(method: string, path: string, key: string, body?: unknown): Promise<BenchResponse>;
  /** A write key for a new tenant. */
  writeKey(): Promise<string>;
}

/**
 * The same app test/support/api.ts builds (loopback clusters allowed, no rate limit, silent
 * logs). That module cannot be imported outside vitest: it calls `test.extend` when loaded.
 */
export async function startBenchApi(): Promise<BenchApi> {
  const database = await createTestDatabase();
  try {
    const keyRing = await createKeyRing(generateKeyRingSpec("bench1"));
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
        allowInsecureWebhooks: false,
        allowLoopbackWebhooks: false,
        bodyLimitBytes: 2 * 1024 * 1024,
      },
    });
    return {
      database,
      keyRing,
      async call(method, path, key, body) {
        const headers: Record<string, string> = { authorization: `Bearer ${key}` };
        if (body !== undefined) headers["content-type"] = "application/json";
        const res = await app.request(path, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
      },
      async writeKey() {
        const tenantId = `bench-${process.pid}-${Date.now()}`;
        const created = await createApiKey(database.db, {
          tenantId,
          name: "bench",
          scope: "write",
          actor: "bench",
        });
        return created!.secret;
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** Prints nothing but errors, which a bench wants to see; hands every message to `onMessage`. */
export function silentLogger(onMessage: (msg: string, obj: object) => void = () => {}): Logger {
  const base = createConsoleLogger();
  const logger: Logger = {
    info: (o, msg) => onMessage(msg ?? "", o),
    debug: (o, msg) => onMessage(msg ?? "", o),
    warn: (o, msg) => onMessage(msg ?? "", o),
    error: (o, msg) => {
      onMessage(msg ?? "", o);
      base.error(o, msg);
    },
    child: () => logger,
  };
  return logger;
}
