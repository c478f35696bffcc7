import { describe, expect } from "vitest";
import { apiTest as test } from "../support/api.ts";

describe("API keys", () => {
  test("an admin creates a key whose secret is shown once and works at once", async ({ api }) => {
    const admin = await api.key("admin");
    const created = await api.call("POST", "/v1/keys", {
      key: admin.secret,
      body: { name: "ci", scope: "read" },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^mf_/);
    expect(created.body.scope).toBe("read");

    const listed = await api.call("GET", "/v1/keys", { key: admin.secret });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect(listed.body.items.every((k: object) => !("secret" in k) && !("hash" in k))).toBe(true);

    const asNew = await api.call("GET", "/v1/clusters", { key: created.body.secret });
    expect(asNew.status).toBe(200);
  });

  test("a revoked key stops working at once", async ({ api }) => {
    const admin = await api.key("admin");
    const created = await api.call("POST", "/v1/keys", {
      key: admin.secret,
      body: { name: "tmp", scope: "write" },
    });
    expect((await api.call("GET", "/v1/clusters", { key: created.body.secret })).status).toBe(200);
    const revoked = await api.call("DELETE", `/v1/keys/${created.body.id}`, { key: admin.secret });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await api.call("GET", "/v1/clusters", { key: created.body.secret });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toContain("application/problem+json");
  });

  test("keys are admin-only and tenant-scoped", async ({ api }) => {
    const writer = await api.key("write");
    expect((await api.call("GET", "/v1/keys", { key: writer.secret })).status).toBe(403);
    const a = await api.key("admin");
    const b = await api.key("admin");
    const bKeys = await api.call("GET", "/v1/keys", { key: b.secret });
    const revokeOther = await api.call("DELETE", `/v1/keys/${bKeys.body.items[0].id}`, { key: a.secret });
    expect(revokeOther.status).toBe(404);
    expect((await api.call("GET", "/v1/clusters", { key: b.secret })).status).toBe(200);
  });

  test("missing, malformed and unknown keys are 401 with a problem body", async ({ api }) => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: "Basic abc" },
      { authorization: "Bearer nope" },
    ];
    for (const headers of variants) {
      const res = await api.call("GET", "/v1/clusters", { headers });
      expect(res.status).toBe(401);
      expect(res.body.type).toBe("urn:meshfleet:problem:unauthorized");
      expect(res.body.requestId).toBeTruthy();
    }
    const unknown = await api.call("GET", "/v1/clusters", { key: `mf_${"A".repeat(43)}` });
    expect(unknown.status).toBe(401);
  });
});
