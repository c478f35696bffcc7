import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createKeyRing, secretAad } from "../../src/crypto/keyring.ts";
import { clusters, outbox } from "../../src/db/schema/index.ts";
import { createApiKey } from "../../src/services/tenants.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";
import { releaseBody } from "../support/fixtures/release-yaml.ts";
import { type EdgeHarness, startEdge } from "./support/edge.ts";

let edge: EdgeHarness;
beforeAll(async () => {
  edge = await startEdge();
});
afterAll(() => edge?.close());

describe("the API in workerd, on the machine's Postgres through Hyperdrive", () => {
  test("health and readiness answer, and a request id comes back", async () => {
    expect((await edge.call("GET", "/healthz")).status).toBe(200);
    const ready = await edge.call("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("the README flow: key → cluster → release → profile → desired state → outbox row", async () => {
    const admin = edge.adminKey;
    const created = await edge.call("POST", "/v1/keys", { key: admin, body: { name: "ci", scope: "write" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const key = created.body.secret as string;

    const kubeconfig = tokenKubeconfig({ token: "edge-token-0123456789" });
    const cluster = await edge.call("POST", "/v1/clusters", {
      key,
      body: { name: "edge-1", labels: { region: "eu" }, kubeconfig },
    });
    expect(cluster.status, JSON.stringify(cluster.body)).toBe(201);
    const id = cluster.body.id as string;

    const release = await edge.call("POST", "/v1/releases", { key, body: releaseBody() });
    expect(release.status, JSON.stringify(release.body)).toBe(201);
    const profile = await edge.call("POST", "/v1/profiles", {
      key,
      body: { name: "prod-mesh", release: "1.26.2", profile: "demo" },
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    const render = await edge.call("GET", `/v1/profiles/prod-mesh/versions/1/render?cluster=${id}`, { key });
    expect(render.status, JSON.stringify(render.body)).toBe(200);

    const desired = await edge.call("PUT", `/v1/clusters/${id}/mesh`, {
      key,
      body: { profile: "prod-mesh", version: 1 },
    });
    expect(desired.status, JSON.stringify(desired.body)).toBe(202);
    const shown = await edge.call("GET", `/v1/clusters/${id}`, { key });
    expect(shown.body.desired).toEqual({ profile: "prod-mesh", version: 1, generation: 1, uninstall: false });

    const tenant = edge.bootstrapTenant;
    const rows = await edge.database.db.select().from(outbox).where(eq(outbox.tenantId, tenant));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      job: "install",
      payload: { clusterId: id, generation: 1 },
      relayedAt: null,
    });

    // The vetted kubeconfig was sealed by Web Crypto in workerd; Node opens it with the same
    // key ring, as the Node workers will before installing.
    const [stored] = await edge.database.db
      .select({ sealed: clusters.kubeconfigSealed })
      .from(clusters)
      .where(and(eq(clusters.id, id), eq(clusters.tenantId, tenant)));
    const keyRing = await createKeyRing(edge.keyRingSpec);
    const opened = await keyRing.open(stored!.sealed, secretAad("kubeconfig", tenant, id));
    expect(JSON.parse(opened)).toMatchObject({ server: "https://127.0.0.1:6443" });
    expect(opened).toContain("edge-token-0123456789");
  });

  test("auth behaves as on Node: no key 401, read-only key 403, another tenant's cluster 404", async () => {
    const cluster = await edge.call("POST", "/v1/clusters", {
      key: edge.adminKey,
      body: { name: "edge-auth", kubeconfig: tokenKubeconfig() },
    });
    expect(cluster.status).toBe(201);
    expect((await edge.call("GET", `/v1/clusters/${cluster.body.id}`)).status).toBe(401);
    const reader = await edge.call("POST", "/v1/keys", {
      key: edge.adminKey,
      body: { name: "r", scope: "read" },
    });
    const write = await edge.call("POST", "/v1/clusters", {
      key: reader.body.secret,
      body: { name: "nope", kubeconfig: tokenKubeconfig() },
    });
    expect(write.status).toBe(403);
    expect(write.headers.get("content-type")).toContain("application/problem+json");
    const other = await createApiKey(edge.database.db, {
      tenantId: "edge-other",
      name: "o",
      scope: "admin",
      actor: "test",
    });
    expect((await edge.call("GET", `/v1/clusters/${cluster.body.id}`, { key: other!.secret })).status).toBe(
      404,
    );
  });

  test("revoking a key stops it at once", async () => {
    const created = await edge.call("POST", "/v1/keys", {
      key: edge.adminKey,
      body: { name: "tmp", scope: "read" },
    });
    const secret = created.body.secret as string;
    expect((await edge.call("GET", "/v1/clusters", { key: secret })).status).toBe(200);
    expect(
      (await edge.call("DELETE", `/v1/keys/${created.body.id}`, { key: edge.adminKey })).status,
    ).toBeLessThan(300);
    expect((await edge.call("GET", "/v1/clusters", { key: secret })).status).toBe(401);
  });
});
