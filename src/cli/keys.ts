/**
 * `npm run keys -- create --tenant acme --scope admin [--name ops]`: creates an API key
 * directly in the database (the way to get the first admin key) and prints it once.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseApiConfig } from "../config/api.ts";
import { configOrExit } from "../config/shared.ts";
import { createPinoLogger } from "../logger-pino.ts";
import { openMigratedDatabase } from "../node/database.ts";
import { createApiKey } from "../services/tenants.ts";

const USAGE = "usage: npm run keys -- create --tenant <tenant> --scope read|write|admin [--name <name>]";

const Args = z.object({
  command: z.literal("create", { message: USAGE }),
  tenant: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "--tenant must be a DNS-1123 label"),
  scope: z.enum(["read", "write", "admin"], { message: "--scope must be read, write or admin" }),
  name: z.string().min(1).max(100).default("cli"),
});

const { values, positionals } = parseArgs({
  options: { tenant: { type: "string" }, scope: { type: "string" }, name: { type: "string" } },
  allowPositionals: true,
});
const parsed = Args.safeParse({ command: positionals[0], ...values });
if (!parsed.success) {
  for (const issue of parsed.error.issues) process.stderr.write(`${issue.message}\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

const config = configOrExit(parseApiConfig(process.env), "keys");
const logger = createPinoLogger("warn");
const database = await openMigratedDatabase({
  databaseUrl: config.DATABASE_URL,
  dataDir: config.MESHFLEET_DATA_DIR,
  logger,
});
const created = await createApiKey(database.db, {
  tenantId: parsed.data.tenant,
  name: parsed.data.name,
  scope: parsed.data.scope,
  actor: "cli",
});
await database.close();
if (!created) {
  process.stderr.write("could not create the key\n");
  process.exit(1);
}
process.stdout.write(
  `${JSON.stringify({ id: created.key.id, tenant: created.key.tenantId, scope: created.key.scope, secret: created.secret })}\n`,
);
