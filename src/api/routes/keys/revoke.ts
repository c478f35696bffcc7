import { createRoute } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "../../../db/schema/index.ts";
import { recordEvent } from "../../../services/events.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { ApiKeySchema, toApiKeyView } from "./schemas.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/keys/{id}",
  tags: ["API keys"],
  summary: "Revoke an API key; it stops working at once",
  security,
  middleware: [requireScope("admin")] as const,
  request: { params: IdParam },
  responses: { 200: json(ApiKeySchema, "The revoked key"), ...problems(404) },
});

export function registerRevokeKey(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { tenantId, keyId } = c.var.caller;
    const row = await c.var.deps.db.transaction(async (tx) => {
      const [existing] = await tx
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId)));
      if (!existing) throw ApiError.notFound(`API key ${id}`);
      if (existing.revokedAt) return existing;
      const [revoked] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
        .returning();
      await recordEvent(tx, { tenantId, type: "api_key.revoked", subjectId: id, actor: `key:${keyId}` });
      return revoked ?? existing;
    });
    return c.json(toApiKeyView(row), 200);
  });
}
