import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bundleWorker } from "./support/bundle.ts";
import { nodeOnlyModules } from "./support/node-only.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "meshfleet-edge-bundle-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the Worker bundle (wrangler deploy --dry-run)", () => {
  test("holds the app and no Node-only module", async () => {
    const bundle = await bundleWorker({ outdir: join(dir, "api") });
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs).toContain("src/edge/worker.ts");
    expect(inputs).toContain("src/api/app.ts");
    expect(nodeOnlyModules(bundle.metafile)).toEqual([]);
    // Cloudflare's upload limit on the Free plan is 3 MB compressed.
    expect(bundle.gzipBytes).toBeLessThan(3 * 1024 * 1024);
  });

  test("the check names Node-only modules when one sneaks in", async () => {
    const bundle = await bundleWorker({
      outdir: join(dir, "sneaky"),
      entry: "test/edge/fixtures/sneaky-worker.ts",
    });
    expect(nodeOnlyModules(bundle.metafile)).toEqual([
      "node:child_process (via test/edge/fixtures/sneaky-worker.ts)",
      "node:fs (via test/edge/fixtures/sneaky-worker.ts)",
      "pino",
      "src/logger-pino.ts",
    ]);
  });
});
