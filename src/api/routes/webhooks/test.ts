import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { webhookDeliveries } from "../../../db/schema/index.ts";
import { recordEvent } from "../../../services/events.ts";
import { findWebhook } from "../../../services/webhooks.ts";
import { PING_EVENT } from "../../../services/webhooks-fanout.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { TestSentSchema } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/test",
  tags: ["Webhooks"],
  summary: "Send a test event (`webhook.ping`) to this subscription only",
  description: "The ping is queued like any delivery; follow it in `GET /v1/webhooks/{id}/deliveries`.",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam },
  responses: { 202: json(TestSentSchema, "The ping is queued"), ...problems(404, 409) },
});

export function registerTestWebhook(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { tenantId, keyId } = c.var.caller;
    const queued = await c.var.deps.db.transaction(async (tx) => {
      const hook = await findWebhook(tx, tenantId, id);
      if (!hook) throw ApiError.notFound(`webhook ${id}`);
      if (!hook.enabled) throw new ApiError("conflict", "the webhook is disabled; enable it to test it");
      const eventId = await recordEvent(tx, {
        tenantId,
        type: PING_EVENT,
        subjectId: id,
        actor: `key:${keyId}`,
        data: { webhookId: id },
      });
      const [delivery] = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.eventId, eventId)));
      return { eventId, deliveryId: delivery!.id };
    });
    return c.json(queued, 202);
  });
}
