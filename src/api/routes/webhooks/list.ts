import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt } from "drizzle-orm";
import { webhooks } from "../../../db/schema/index.ts";
import { toWebhookView } from "../../../services/webhooks.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { json, PageQuery, page, problems, security } from "../../schemas/common.ts";
import { WebhookSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks",
  tags: ["Webhooks"],
  summary: "List webhook subscriptions",
  security,
  request: { query: PageQuery },
  responses: { 200: json(page(WebhookSchema, "WebhookPage"), "A page of subscriptions"), ...problems() },
});

export function registerListWebhooks(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeIdCursor(cursor);
    const rows = await c.var.deps.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.tenantId, c.var.caller.tenantId), after ? gt(webhooks.id, after) : undefined))
      .orderBy(asc(webhooks.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    return c.json({ items: result.items.map(toWebhookView), nextCursor: result.nextCursor }, 200);
  });
}
