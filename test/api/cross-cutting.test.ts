import { describe, expect, test as plainTest } from "vitest";
import { idempotencyKeys } from "../../src/db/schema/index.ts";
import { apiTest, apiTest as test } from "../support/api.ts";
import { tokenKubeconfig } from "../support/fixtures/kubeconfigs.ts";

describe("cross-cutting behaviour", () => {
  test("Idempotency-Key replays the first response; a different body is 422", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const body = { name: "idem", kubeconfig: tokenKubeconfig() };
    const headers = { "idempotency-key": "create-idem-1" };
    const first = await api.call("POST", "/v1/clusters", { key, body, headers });
    expect(first.status).toBe(201);
    const replay = await api.call("POST", "/v1/clusters", { key, body, headers });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const other = await api.call("POST", "/v1/clusters", { key, body: { ...body, name: "idem2" }, headers });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe("urn:meshfleet:problem:idempotency_key_reused");
    expect((await api.call("GET", "/v1/clusters", { key })).body.items).toHaveLength(1);
  });

  test("problem+json for malformed JSON, unknown routes and oversized bodies", async ({ api }) => {
    const { secret: key } = await api.key("write");
    const bad = await api.call("POST", "/v1/clusters", {
      key,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, type: "urn:meshfleet:problem:bad_request" });
    const missing = await api.call("GET", "/v1/nothing-here", { key });
    expect(missing.status).toBe(404);
    expect(missing.body.requestId).toBeTruthy();
    const huge = await api.call("POST", "/v1/releases", {
      key,
      body: { version: "1.26.0", profiles: { demo: "x".repeat(3 * 1024 * 1024) } },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.type).toBe("urn:meshfleet:problem:payload_too_large");
  });

  test("the request id is echoed in the header and every problem", async ({ api }) => {
    const res = await api.call("GET", "/v1/clusters", { headers: { "x-request-id": "trace-abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("trace-abc-123");
    expect(res.body.requestId).toBe("trace-abc-123");
  });

  test("health and readiness", async ({ api }) => {
    expect((await api.call("GET", "/healthz")).status).toBe(200);
    expect((await api.call("GET", "/readyz")).body).toEqual({ status: "ready" });
  });

  test("OpenAPI 3.1 is served with the docs UI", async ({ api }) => {
    const doc = await api.call("GET", "/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toContain("/v1/clusters/{id}/mesh");
    const docs = await api.call("GET", "/docs");
    expect(docs.status).toBe(200);
  });
});

plainTest("readiness is 503 when the database does not answer", async () => {
  const { createApiHarness } = await import("../support/api.ts");
  const harness = await createApiHarness();
  await harness.database.drop();
  const res = await harness.call("GET", "/readyz");
  expect(res.status).toBe(503);
  expect((await harness.call("GET", "/healthz")).status).toBe(200);
});

apiTest(
  "a replayed response that carried a secret is stored sealed, never in plain text",
  async ({ api }) => {
    const admin = await api.key("admin");
    const headers = { "idempotency-key": "key-with-secret" };
    const first = await api.call("POST", "/v1/keys", {
      key: admin.secret,
      body: { name: "x", scope: "read" },
      headers,
    });
    expect(first.status).toBe(201);
    const replay = await api.call("POST", "/v1/keys", {
      key: admin.secret,
      body: { name: "x", scope: "read" },
      headers,
    });
    expect(replay.body.secret).toBe(first.body.secret);
    const rows = await api.database.db.select().from(idempotencyKeys);
    expect(JSON.stringify(rows)).not.toContain(first.body.secret);
  },
);
