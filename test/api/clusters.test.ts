import { sql } from "drizzle-orm";
import { describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";

describe("clusters", () => {
  test("register, get, list by selector, patch labels with ETag, rotate, delete", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const reg = async (name: string, labels: Record<string, string>) =>
      api.call("POST", "/v1/clusters", { key, body: { name, labels, kubeconfig: tokenKubeconfig() } });
    const a = await reg("prod-eu", { env: "prod", region: "eu" });
    expect(a.status).toBe(201);
    expect(a.body.kubeconfig).toMatchObject({ server: "https://127.0.0.1:6443", authKind: "token" });
    expect(a.body.kubeconfig.fingerprint).toMatch(/^[0-9a-f]{16,}$/);
    expect(JSON.stringify(a.body)).not.toContain("fixture-token");
    expect(a.body.observed.phase).toBe("Pending");
    await reg("prod-us", { env: "prod", region: "us", canary: "true" });
    await reg("dev-eu", { env: "dev", region: "eu" });

    const dup = await reg("prod-eu", {});
    expect(dup.status).toBe(409);

    const sel = await api.call(
      "GET",
      `/v1/clusters?selector=${encodeURIComponent("env=prod,region in (eu,us),!canary")}`,
      {
        key,
      },
    );
    expect(sel.status).toBe(200);
    expect(sel.body.items.map((c: { name: string }) => c.name)).toEqual(["prod-eu"]);

    const page1 = await api.call("GET", "/v1/clusters?limit=2", { key });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await api.call("GET", `/v1/clusters?limit=2&cursor=${page1.body.nextCursor}`, { key });
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();

    const got = await api.call("GET", `/v1/clusters/${a.body.id}`, { key });
    const etag = got.headers.get("etag")!;
    const patched = await api.call("PATCH", `/v1/clusters/${a.body.id}`, {
      key,
      headers: { "if-match": etag },
      body: { labels: { tier: "gold", region: null } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.labels).toEqual({ env: "prod", tier: "gold" });
    const stale = await api.call("PATCH", `/v1/clusters/${a.body.id}`, {
      key,
      headers: { "if-match": etag },
      body: { labels: { tier: "silver" } },
    });
    expect(stale.status).toBe(412);
    expect((await api.call("GET", `/v1/clusters/${a.body.id}`, { key })).body.labels.tier).toBe("gold");

    const rotated = await api.call("PUT", `/v1/clusters/${a.body.id}/kubeconfig`, {
      key,
      body: { kubeconfig: tokenKubeconfig({ token: "another-token-123456" }) },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.kubeconfig.credentialsVersion).toBe(2);
    expect(rotated.body.kubeconfig.fingerprint).not.toBe(a.body.kubeconfig.fingerprint);

    expect((await api.call("DELETE", `/v1/clusters/${a.body.id}`, { key })).status).toBe(204);
    expect((await api.call("GET", `/v1/clusters/${a.body.id}`, { key })).status).toBe(404);
  });

  test("the kubeconfig is stored encrypted, bound to tenant and cluster", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const res = await api.call("POST", "/v1/clusters", {
      key,
      body: { name: "sealed", kubeconfig: tokenKubeconfig({ token: "very-secret-token-42" }) },
    });
    const rows = (await api.database.db.execute(
      sql`select kubeconfig_sealed, tenant_id from clusters where id = ${res.body.id}`,
    )) as unknown as { kubeconfig_sealed: string; tenant_id: string }[];
    const sealed = rows[0]!.kubeconfig_sealed;
    expect(sealed).toMatch(/^v1\.test1\./);
    expect(sealed).not.toContain("very-secret-token-42");
    const aad = `meshfleet:kubeconfig:${rows[0]!.tenant_id}:${res.body.id}`;
    expect(JSON.parse(await api.keyRing.open(sealed, aad)).auth.token).toBe("very-secret-token-42");
    await expect(
      api.keyRing.open(sealed, `meshfleet:kubeconfig:other-tenant:${res.body.id}`),
    ).rejects.toThrow();
  });

  test("bad input is a 422 naming the field, and nothing is stored", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const before = await api.count("clusters");
    const cases: [unknown, string][] = [
      [{ name: "Bad_Name", kubeconfig: tokenKubeconfig() }, "name"],
      [{ name: "ok", kubeconfig: tokenKubeconfig(), surprise: 1 }, "surprise"],
      [{ name: "ok", labels: { "bad key!": "x" }, kubeconfig: tokenKubeconfig() }, "labels"],
      [{ name: "ok", kubeconfig: "not: [valid" }, "kubeconfig"],
    ];
    for (const [body, field] of cases) {
      const res = await api.call("POST", "/v1/clusters", { key, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).join(" ")).toContain(field);
    }
    const badSelector = await api.call("GET", "/v1/clusters?selector=env%3D%3D%3D", { key });
    expect(badSelector.status).toBe(422);
    expect(await api.count("clusters")).toBe(before);
  });

  test("loopback servers are refused unless configuration allows them", async () => {
    const { createApiHarness } = await import("../support/api.ts");
    const strict = await createApiHarness({ allowLoopbackClusters: false });
    try {
      const { secret: key } = await strict.key("write");
      const res = await strict.call("POST", "/v1/clusters", {
        key,
        body: { name: "lo", kubeconfig: tokenKubeconfig() },
      });
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain("loopback");
      const ok = await strict.call("POST", "/v1/clusters", {
        key,
        body: { name: "remote", kubeconfig: tokenKubeconfig({ server: "https://10.0.0.12:6443" }) },
      });
      expect(ok.status).toBe(201);
    } finally {
      await strict.database.drop();
    }
  });
});
