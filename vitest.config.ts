import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/support/global-setup.ts"],
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Files run in parallel processes; each gets its own database, Redis prefix and fleet.
    pool: "forks",
    maxWorkers: 2,
  },
});
