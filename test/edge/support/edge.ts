import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateApiKey } from "../../../src/crypto/api-keys.ts";
import { generateKeyRingSpec } from "../../../src/crypto/keyring.ts";
import type { TestResponse } from "../../support/api.ts";
import { createTestDatabase } from "../../support/postgres.ts";
import { bundleWorker, type WorkerBundle } from "./bundle.ts";
import { startWorkerd, type Workerd, type WorkerdOptions } from "./workerd.ts";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

/** The production Worker bundle running in workerd over a fresh test database. */
export interface EdgeHarness {
  bundle: WorkerBundle;
  database: TestDatabase;
  worker: Workerd;
  /** The key ring spec given to the Worker as its MESHFLEET_ENCRYPTION_KEYS secret. */
  keyRingSpec: string;
  /** The admin key given as MESHFLEET_BOOTSTRAP_ADMIN_KEY, for tenant `bootstrapTenant`. */
  adminKey: string;
  bootstrapTenant: string;
  /** Calls the Worker over loopback HTTP; `key` is sent as a Bearer token. */
  call(method: string, path: string, opts?: { key?: string; body?: unknown }): Promise<TestResponse>;
  close(): Promise<void>;
}

/**
 * Bundles the Worker as `wrangler deploy` would and starts it in workerd with secrets as
 * bindings: a fresh key ring, a bootstrap admin key and loopback clusters allowed (the
 * test kubeconfigs point at 127.0.0.1).
 */
export async function startEdge(opts: Partial<Omit<WorkerdOptions, "script">> = {}): Promise<EdgeHarness> {
  const dir = await mkdtemp(join(tmpdir(), "meshfleet-edge-"));
  const database = await createTestDatabase();
  const keyRingSpec = generateKeyRingSpec("edge1");
  const adminKey = generateApiKey();
  const bootstrapTenant = "edge-bootstrap";
  try {
    const bundle = await bundleWorker({ outdir: dir });
    const worker = await startWorkerd({
      script: bundle.script,
      databaseUrl: database.url,
      ...opts,
      vars: {
        MESHFLEET_ENCRYPTION_KEYS: keyRingSpec,
        MESHFLEET_BOOTSTRAP_ADMIN_KEY: adminKey,
        MESHFLEET_BOOTSTRAP_TENANT: bootstrapTenant,
        MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: "true",
        ...opts.vars,
      },
    });
    return {
      bundle,
      database,
      worker,
      keyRingSpec,
      adminKey,
      bootstrapTenant,
      call: (method, path, callOpts = {}) => callWorker(worker.url, method, path, callOpts),
      async close() {
        await worker.dispose();
        await database.drop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function callWorker(
  base: URL,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown },
): Promise<TestResponse> {
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const res = await fetch(new URL(path, base), { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed };
}
