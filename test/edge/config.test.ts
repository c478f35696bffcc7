import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateKeyRingSpec } from "../../src/crypto/keyring.ts";
import { parseEdgeConfig } from "../../src/edge/config.ts";
import { type EdgeHarness, startEdge } from "./support/edge.ts";

const bindings = {
  HYPERDRIVE: { connectionString: "postgres://u:p@db.example:5432/meshfleet" },
  RATE_LIMITER: { limit: async () => ({ success: true }) },
};

describe("parseEdgeConfig", () => {
  test("bindings, secrets and vars parse with the Node API's defaults", () => {
    const parsed = parseEdgeConfig({ ...bindings, MESHFLEET_ENCRYPTION_KEYS: generateKeyRingSpec("k1") });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config.MESHFLEET_ALLOW_LOOPBACK_CLUSTERS).toBe(false);
    expect(parsed.config.MESHFLEET_BODY_LIMIT_BYTES).toBe(8 * 1024 * 1024);
    expect(parsed.config.MESHFLEET_BOOTSTRAP_TENANT).toBe("default");
    expect(parsed.config.RATE_LIMITER).toBe(bindings.RATE_LIMITER);
  });

  test("every problem is one line naming the binding or variable, never echoing a value", () => {
    const parsed = parseEdgeConfig({
      MESHFLEET_ENCRYPTION_KEYS: "k1:c2hvcnQ=",
      MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: "maybe",
      MESHFLEET_BOOTSTRAP_ADMIN_KEY: "hunter2",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const names = parsed.problems.map((line) => line.split(":")[0]);
    expect(names.sort()).toEqual([
      "HYPERDRIVE",
      "MESHFLEET_ALLOW_LOOPBACK_CLUSTERS",
      "MESHFLEET_BOOTSTRAP_ADMIN_KEY",
      "MESHFLEET_ENCRYPTION_KEYS",
      "RATE_LIMITER",
    ]);
    expect(parsed.problems.join("\n")).not.toContain("hunter2");
    expect(parsed.problems.find((l) => l.startsWith("MESHFLEET_ENCRYPTION_KEYS"))).toContain("32 bytes");
  });

  test("an empty string counts as unset", () => {
    const parsed = parseEdgeConfig({ ...bindings, MESHFLEET_ENCRYPTION_KEYS: "" });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      "MESHFLEET_ENCRYPTION_KEYS: required: set it with 'wrangler secret put MESHFLEET_ENCRYPTION_KEYS'",
    ]);
  });
});

describe("a misconfigured Worker in workerd", () => {
  let edge: EdgeHarness;
  beforeAll(async () => {
    edge = await startEdge({ without: ["MESHFLEET_ENCRYPTION_KEYS", "RATE_LIMITER"] });
  });
  afterAll(() => edge?.close());

  test("answers every request 500 naming what to fix, and logs one line per problem", async () => {
    for (const path of ["/healthz", "/v1/clusters"]) {
      const res = await edge.call("GET", path);
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.detail).toContain("MESHFLEET_ENCRYPTION_KEYS: required");
      expect(res.body.detail).toContain("RATE_LIMITER: missing");
    }
    const logged = edge.worker.logs.filter((line) => line.includes("invalid configuration (workers)"));
    expect(logged).toHaveLength(2);
  });
});
