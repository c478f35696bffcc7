import { createRoute } from "@hono/zod-openapi";
import { and, eq, notInArray, sql } from "drizzle-orm";
import { webhookDeliveries } from "../../../db/schema/index.ts";
import { findWebhook, toDeliveryView } from "../../../services/webhooks.ts";
import { WEBHOOKS_CHANNEL } from "../../../services/webhooks-fanout.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, problems, security } from "../../schemas/common.ts";
import { DeliveryParams, DeliverySchema } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
  tags: ["Webhooks"],
  summary: "Send a delivery again, with the same `webhook-id`",
  description:
    "Queues the delivery again with a fresh retry schedule. It carries the same `webhook-id` as before, " +
    "so a receiver that already processed it can recognise the duplicate. Chat deliveries go through " +
    "aggregation again; `absorbed` ones (folded into a rollout summary) cannot be redelivered.",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: DeliveryParams },
  responses: { 202: json(DeliverySchema, "Queued again"), ...problems(404, 409) },
});

export function registerRedeliver(app: App) {
  app.openapi(route, async (c) => {
    const { id, deliveryId } = c.req.valid("param");
    const { tenantId } = c.var.caller;
    const row = await c.var.deps.db.transaction(async (tx) => {
      const hook = await findWebhook(tx, tenantId, id);
      if (!hook) throw ApiError.notFound(`webhook ${id}`);
      if (!hook.enabled) throw new ApiError("conflict", "the webhook is disabled; enable it first");
      const [queued] = await tx
        .update(webhookDeliveries)
        .set({ status: "pending", attempts: 0, nextAttemptAt: new Date(), deliveredAt: null })
        .where(
          and(
            eq(webhookDeliveries.id, deliveryId),
            eq(webhookDeliveries.webhookId, id),
            eq(webhookDeliveries.tenantId, tenantId),
            notInArray(webhookDeliveries.status, ["pending", "absorbed"]),
          ),
        )
        .returning();
      if (queued) {
        await tx.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, '')`);
        return queued;
      }
      const [existing] = await tx
        .select({ status: webhookDeliveries.status })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, id)));
      if (!existing) throw ApiError.notFound(`delivery ${deliveryId}`);
      if (existing.status === "absorbed") {
        throw new ApiError(
          "conflict",
          "the event was folded into a rollout summary message and has no message of its own to send again",
        );
      }
      throw new ApiError("conflict", "the delivery is still pending; it will be attempted on schedule");
    });
    return c.json(toDeliveryView(row), 202);
  });
}
