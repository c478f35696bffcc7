import { describe, expect, test } from "vitest";
import { z } from "zod";
import { rolloutStrategySchema } from "../../../src/domain/rollouts/strategy.ts";

function issues(input: unknown): string[] {
  const result = rolloutStrategySchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.code}`);
}

describe("rollout strategy schema", () => {
  test("an empty strategy gets the documented defaults", () => {
    expect(rolloutStrategySchema.parse({})).toEqual({
      batchSize: "25%",
      maxFailures: { total: 0 },
      soakSeconds: 0,
      approval: "none",
      rollback: "auto",
      uninstallOnRollback: false,
      order: { by: "name" },
      concurrency: 10,
    });
  });

  test("a full strategy parses as given", () => {
    const input = {
      canary: { clusters: ["eu-1"] },
      batchSize: 5,
      maxFailures: { total: "10%", perWave: 1 },
      soakSeconds: 600,
      approval: "afterCanary",
      rollback: "manual",
      uninstallOnRollback: true,
      order: { by: "label", key: "topology.kubernetes.io/region" },
      concurrency: 3,
    };
    expect(rolloutStrategySchema.parse(input)).toEqual(input);
  });

  test.each([
    [{ batchSize: 0 }, "batchSize"],
    [{ batchSize: "0%" }, "batchSize"],
    [{ batchSize: "101%" }, "batchSize"],
    [{ batchSize: 2.5 }, "batchSize"],
    [{ batchSize: "1.234%" }, "batchSize"],
    [{ batchSize: "half" }, "batchSize"],
    [{ maxFailures: { total: -1 } }, "maxFailures.total"],
    [{ maxFailures: { total: "200%" } }, "maxFailures.total"],
    [{ maxFailures: { perWave: "-1%" } }, "maxFailures.perWave"],
    [{ soakSeconds: -1 }, "soakSeconds"],
    [{ concurrency: 0 }, "concurrency"],
    [{ approval: "sometimes" }, "approval"],
    [{ rollback: "never" }, "rollback"],
    [{ canary: { count: 0 } }, "canary"],
    [{ canary: { clusters: [] } }, "canary"],
    [{ order: { by: "label" } }, "order"],
    [{ order: { by: "age" } }, "order"],
  ])("%j is rejected at %s", (input, path) => {
    const found = issues(input);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((issue) => issue.startsWith(path))).toBe(true);
  });

  test("zero failure budgets are allowed, as a count or a percentage", () => {
    expect(issues({ maxFailures: { total: 0, perWave: "0%" } })).toEqual([]);
  });

  test.each([
    [{ maxFailure: { total: 1 } }, ": unrecognized_keys"],
    [{ maxFailures: { total: 1, perwave: 1 } }, "maxFailures: unrecognized_keys"],
    [{ canary: { count: 1, clusters: ["a"] } }, "canary: invalid_union"],
    [{ order: { by: "name", key: "x" } }, "order: unrecognized_keys"],
  ])("unknown fields are rejected: %j", (input, issue) => {
    expect(issues(input)).toEqual([issue]);
  });

  test("approval afterCanary without a canary is rejected at approval", () => {
    expect(issues({ approval: "afterCanary" })).toEqual(["approval: custom"]);
    expect(issues({ approval: "afterCanary", canary: { count: 1 } })).toEqual([]);
  });

  test("the JSON schema for the API documents every field", () => {
    const schema = z.toJSONSchema(rolloutStrategySchema, { io: "input" }) as {
      additionalProperties: boolean;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.additionalProperties).toBe(false);
    for (const [field, property] of Object.entries(schema.properties)) {
      expect(property.description, field).toMatch(/\w/);
    }
  });
});
