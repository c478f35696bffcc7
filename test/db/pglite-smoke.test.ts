import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { unlimited } from "../../src/api/middleware/rate-limit.ts";
import { createKeyRing, generateKeyRingSpec } from "../../src/crypto/keyring.ts";
import { openPglite } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { createConsoleLogger } from "../../src/logger.ts";
import { createApiKey } from "../../src/services/tenants.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { releaseBody } from "../support/fixtures/release-yaml.ts";

test("the embedded PGlite database runs the migrations and the register → profile → desired flow", async () => {
  const dir = await mkdtemp(join(tmpdir(), "meshfleet-pglite-"));
  const database = await openPglite(dir);
  try {
    await migrateDatabase(database);
    await migrateDatabase(database);
    const app = createApp({
      db: database.db,
      keyRing: await createKeyRing(generateKeyRingSpec()),
      logger: createConsoleLogger(),
      rateLimiter: unlimited,
      ping: async () => {
        await database.db.execute(sql`select 1`);
      },
      settings: {
        allowLoopbackClusters: true,
        allowInsecureWebhooks: false,
        allowLoopbackWebhooks: false,
        bodyLimitBytes: 1 << 20,
      },
    });
    const { secret } = (await createApiKey(database.db, {
      tenantId: "acme",
      name: "t",
      scope: "admin",
      actor: "t",
    }))!;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const cluster = await call("POST", "/v1/clusters", { name: "c1", kubeconfig: tokenKubeconfig() });
    expect(cluster.status).toBe(201);
    expect((await call("POST", "/v1/releases", releaseBody())).status).toBe(201);
    const profile = await call("POST", "/v1/profiles", {
      name: "mesh",
      release: "1.26.2",
      profile: "minimal",
    });
    expect(profile.status).toBe(201);
    const desired = await call("PUT", `/v1/clusters/${cluster.body.id}/mesh`, { profile: "mesh" });
    expect(desired.status).toBe(202);
    expect(desired.body.desired.version).toBe(1);
    const outbox = await database.db.execute(sql`select job, payload from outbox`);
    expect((outbox as unknown as { rows: { job: string }[] }).rows.map((r) => r.job)).toEqual(["install"]);
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
});
