import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { webhooks } from "../../../db/schema/index.ts";
import { recordEvent } from "../../../services/events.ts";
import { webhookHost } from "../../../services/webhooks.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, problems, security } from "../../schemas/common.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Delete a webhook subscription and its delivery history",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(404) },
});

export function registerDeleteWebhook(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { tenantId, keyId } = c.var.caller;
    await c.var.deps.db.transaction(async (tx) => {
      const [gone] = await tx
        .delete(webhooks)
        .where(and(eq(webhooks.id, id), eq(webhooks.tenantId, tenantId)))
        .returning({ url: webhooks.url });
      if (!gone) throw ApiError.notFound(`webhook ${id}`);
      await recordEvent(tx, {
        tenantId,
        type: "webhook.deleted",
        subjectId: id,
        actor: `key:${keyId}`,
        data: { webhookId: id, host: webhookHost(gone.url) },
      });
    });
    return c.body(null, 204);
  });
}
