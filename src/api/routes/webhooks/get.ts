import { createRoute } from "@hono/zod-openapi";
import { findWebhook, toWebhookView } from "../../../services/webhooks.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { WebhookSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Get a webhook subscription (never its secret)",
  security,
  request: { params: IdParam },
  responses: { 200: json(WebhookSchema, "The subscription"), ...problems(404) },
});

export function registerGetWebhook(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const row = await findWebhook(c.var.deps.db, c.var.caller.tenantId, id);
    if (!row) throw ApiError.notFound(`webhook ${id}`);
    return c.json(toWebhookView(row), 200);
  });
}
