import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt } from "drizzle-orm";
import { apiKeys } from "../../../db/schema/index.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, PageQuery, page, problems, security } from "../../schemas/common.ts";
import { ApiKeySchema, toApiKeyView } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/keys",
  tags: ["API keys"],
  summary: "List the tenant's API keys (never their secrets)",
  security,
  middleware: [requireScope("admin")] as const,
  request: { query: PageQuery },
  responses: { 200: json(page(ApiKeySchema, "ApiKeyPage"), "A page of keys"), ...problems() },
});

export function registerListKeys(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeIdCursor(cursor);
    const rows = await c.var.deps.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, c.var.caller.tenantId), after ? gt(apiKeys.id, after) : undefined))
      .orderBy(asc(apiKeys.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    return c.json({ items: result.items.map(toApiKeyView), nextCursor: result.nextCursor }, 200);
  });
}
