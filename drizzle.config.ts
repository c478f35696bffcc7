import { defineConfig } from "drizzle-kit";

/** drizzle-kit only generates SQL here; migrations are applied by src/db/migrate.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
});
