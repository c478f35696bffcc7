import { test as base } from "vitest";
import { createApiHarness } from "./api-harness.ts";

export { type ApiHarness, createApiHarness, type TestResponse } from "./api-harness.ts";

/**
 * Vitest fixture: one harness (and database) per test file, dropped when the file ends.
 * Tests isolate from each other by creating their own tenants.
 */
// biome-ignore lint/correctness/noEmptyPattern: vitest requires a destructuring pattern
export const apiTest = base.extend("api", { scope: "file" }, async ({}, { onCleanup }) => {
  const harness = await createApiHarness();
  onCleanup(() => harness.database.drop());
  return harness;
});
