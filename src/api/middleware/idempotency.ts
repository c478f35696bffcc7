import { and, eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../../crypto/encoding.ts";
import { idempotencyKeys } from "../../db/schema/index.ts";
import type { AppEnv } from "../context.ts";
import { ApiError } from "../errors.ts";

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * `Idempotency-Key` on POSTs: the same key with the same request replays the first response;
 * the same key with a different request is a 422. Server errors are not stored, so a retry
 * after an outage runs again.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (!KEY_PATTERN.test(key)) {
    throw ApiError.validation([
      { field: "Idempotency-Key", message: "1–200 characters of A-Z a-z 0-9 _ . : -" },
    ]);
  }
  const { db } = c.var.deps;
  const { tenantId } = c.var.caller;
  const path = new URL(c.req.url).pathname;
  const requestHash = await sha256Hex(`${c.req.method} ${path}\n${await c.req.raw.clone().text()}`);
  const [stored] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)))
    .limit(1);
  if (stored) {
    if (stored.requestHash !== requestHash) {
      throw new ApiError(
        "idempotency_key_reused",
        "this Idempotency-Key was used with a different request; use a new key for a new request",
      );
    }
    c.header("idempotent-replayed", "true");
    const body = JSON.parse(
      await c.var.deps.keyRing.open((stored.body as { sealed: string }).sealed, aad(tenantId, key)),
    );
    return c.json(body, stored.status as 200);
  }
  await next();
  if (c.res.status >= 500) return;
  if (!c.res.headers.get("content-type")?.includes("json")) return;
  // Stored sealed: first responses can carry secrets shown once (API keys, webhook secrets).
  const sealed = await c.var.deps.keyRing.seal(await c.res.clone().text(), aad(tenantId, key));
  await db
    .insert(idempotencyKeys)
    .values({
      tenantId,
      key,
      method: c.req.method,
      path,
      requestHash,
      status: c.res.status,
      body: { sealed },
    })
    .onConflictDoNothing();
});

function aad(tenantId: string, key: string): string {
  return `meshfleet:idempotent-response:${tenantId}:${key}`;
}
