import type { KeyRing } from "../../src/crypto/keyring.ts";
import { createConsoleLogger, type Logger } from "../../src/logger.ts";
import { createApiHarness } from "../../test/support/api-harness.ts";
import type { createTestDatabase } from "../../test/support/postgres.ts";

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

/** The test suite's in-process API (test/support/api-harness.ts), with the bench's call shape. */
export async function startBenchApi(): Promise<BenchApi> {
  const api = await createApiHarness({ allowInsecureWebhooks: false, allowLoopbackWebhooks: false });
  return {
    database: api.database,
    keyRing: api.keyRing,
    call: (method, path, key, body) =>
      api.call(method, path, { key, ...(body === undefined ? {} : { body }) }),
    writeKey: async () => (await api.key("write")).secret,
  };
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
