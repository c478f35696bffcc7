import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { openApiYaml } from "../../src/api/openapi.ts";

test("openapi.yaml matches the routes (run 'npm run openapi' after changing them)", () => {
  const committed = readFileSync(new URL("../../openapi.yaml", import.meta.url), "utf8");
  expect(committed).toBe(openApiYaml());
});
