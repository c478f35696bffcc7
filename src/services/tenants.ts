import { eq } from "drizzle-orm";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "../crypto/api-keys.ts";
import type { Db } from "../db/client.ts";
import { apiKeys, tenants } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { recordEvent } from "./events.ts";

export type Scope = "read" | "write" | "admin";

/** Creates a tenant if it does not exist. */
export async function ensureTenant(tx: Db, tenantId: string): Promise<void> {
  await tx.insert(tenants).values({ id: tenantId }).onConflictDoNothing();
}

/**
 * Creates an API key and returns its secret, which is never stored or shown again. `secret`
 * may be given for the bootstrap variable; otherwise a random one is made.
 */
export async function createApiKey(
  db: Db,
  input: { tenantId: string; name: string; scope: Scope; actor: string; secret?: string },
) {
  const secret = input.secret ?? generateApiKey();
  const id = newId();
  const hash = await hashApiKey(secret);
  const row = await db.transaction(async (tx) => {
    await ensureTenant(tx, input.tenantId);
    const [created] = await tx
      .insert(apiKeys)
      .values({
        id,
        tenantId: input.tenantId,
        name: input.name,
        prefix: apiKeyPrefix(secret),
        hash,
        scope: input.scope,
      })
      .onConflictDoNothing({ target: apiKeys.hash })
      .returning();
    if (created) {
      await recordEvent(tx, {
        tenantId: input.tenantId,
        type: "api_key.created",
        subjectId: id,
        actor: input.actor,
        data: { name: input.name, scope: input.scope },
      });
    }
    return created;
  });
  return row ? { key: row, secret } : undefined;
}

/**
 * Installs the bootstrap admin key from configuration, once: only while the tenant has no
 * key at all, so removing or rotating keys later is never undone by a restart.
 */
export async function bootstrapAdminKey(db: Db, tenantId: string, secret: string): Promise<boolean> {
  const [existing] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(eq(apiKeys.tenantId, tenantId))
    .limit(1);
  if (existing) return false;
  const created = await createApiKey(db, {
    tenantId,
    name: "bootstrap",
    scope: "admin",
    actor: "bootstrap",
    secret,
  });
  return created !== undefined;
}
