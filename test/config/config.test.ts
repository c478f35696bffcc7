import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parseApiConfig } from "../../src/config/api.ts";
import { parseWorkerConfig } from "../../workers/config.ts";

describe("configuration", () => {
  test("defaults need nothing: embedded database, local Redis", () => {
    const parsed = parseApiConfig({});
    expect(parsed.ok && parsed.config).toMatchObject({
      PORT: 8080,
      REDIS_URL: "redis://127.0.0.1:6379",
      MESHFLEET_DATA_DIR: "./.meshfleet",
      MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: false,
    });
  });

  test("every invalid variable is reported, one line each", () => {
    const parsed = parseApiConfig({
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      MESHFLEET_ALLOW_LOOPBACK_CLUSTERS: "maybe",
    });
    expect(parsed.ok).toBe(false);
    const lines = parsed.ok ? [] : parsed.problems;
    expect(lines.map((l) => l.split(":")[0])).toEqual(
      expect.arrayContaining(["PORT", "DATABASE_URL", "MESHFLEET_ALLOW_LOOPBACK_CLUSTERS"]),
    );
  });

  test("an external database requires the encryption key ring", () => {
    const api = parseApiConfig({ DATABASE_URL: "postgres://db/meshfleet" });
    expect(api.ok ? [] : api.problems).toEqual([
      expect.stringMatching(/^MESHFLEET_ENCRYPTION_KEYS: required/),
    ]);
    const worker = parseWorkerConfig({ DATABASE_URL: "postgres://db/meshfleet" });
    expect(worker.ok).toBe(false);
  });

  test("the entry point refuses to start on invalid configuration, exiting non-zero", () => {
    const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
    const res = spawnSync(process.execPath, [main], {
      env: { ...process.env, PORT: "-1", REDIS_URL: "nope" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("invalid configuration (api): PORT:");
    expect(res.stderr).toContain("invalid configuration (api): REDIS_URL:");
  });
});
