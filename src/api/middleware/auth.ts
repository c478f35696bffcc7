import { and, eq, isNull } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { API_KEY_PATTERN, hashApiKey } from "../../crypto/api-keys.ts";
import { apiKeys } from "../../db/schema/index.ts";
import type { AppEnv, Caller } from "../context.ts";
import { ApiError } from "../errors.ts";

const SCOPE_RANK: Record<Caller["scope"], number> = { read: 0, write: 1, admin: 2 };

/**
 * Resolves `Authorization: Bearer mf_…` to a caller. Looks the key up on every request, so a
 * revoked key stops working at once.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw new ApiError("unauthorized", "send an API key as 'Authorization: Bearer mf_…'");
  const key = match[1]!;
  if (!API_KEY_PATTERN.test(key)) throw new ApiError("unauthorized", "the API key is malformed");
  const { db } = c.var.deps;
  const [row] = await db
    .select({ id: apiKeys.id, tenantId: apiKeys.tenantId, scope: apiKeys.scope })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, await hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) throw new ApiError("unauthorized", "the API key is unknown or revoked");
  c.set("caller", { tenantId: row.tenantId, keyId: row.id, scope: row.scope });
  c.set("log", c.var.log.child({ tenantId: row.tenantId, keyId: row.id }));
  await next();
});

/** Refuses callers whose key scope is below `scope` (admin ⊃ write ⊃ read). */
export function requireScope(scope: Caller["scope"]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SCOPE_RANK[c.var.caller.scope] < SCOPE_RANK[scope]) {
      throw new ApiError("forbidden", `this operation needs a key with the '${scope}' scope`);
    }
    await next();
  });
}
