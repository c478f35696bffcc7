import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { webhookDeliveries } from "../../../db/schema/index.ts";
import { findWebhook, toDeliveryView } from "../../../services/webhooks.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { ApiError } from "../../errors.ts";
import { IdParam, json, page, problems, security } from "../../schemas/common.ts";
import { DeliverySchema, ListDeliveriesQuery } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/{id}/deliveries",
  tags: ["Webhooks"],
  summary: "A subscription's deliveries, newest first",
  description:
    "Status, attempts, the last response's status code, a short excerpt of its body and how long it took.",
  security,
  request: { params: IdParam, query: ListDeliveriesQuery },
  responses: {
    200: json(page(DeliverySchema, "WebhookDeliveryPage"), "A page of deliveries"),
    ...problems(404),
  },
});

export function registerListDeliveries(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor, status } = c.req.valid("query");
    const { db } = c.var.deps;
    const tenantId = c.var.caller.tenantId;
    if (!(await findWebhook(db, tenantId, id))) throw ApiError.notFound(`webhook ${id}`);
    const before = decodeIdCursor(cursor);
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.tenantId, tenantId),
          eq(webhookDeliveries.webhookId, id),
          before ? lt(webhookDeliveries.id, before) : undefined,
          status ? eq(webhookDeliveries.status, status) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    return c.json({ items: result.items.map(toDeliveryView), nextCursor: result.nextCursor }, 200);
  });
}
