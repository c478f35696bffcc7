import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { webhooks } from "../../../db/schema/index.ts";
import { parseSelector } from "../../../domain/selector/parse.ts";
import { recordEvent } from "../../../services/events.ts";
import { disableWebhook, toWebhookView, type WebhookRow, webhookHost } from "../../../services/webhooks.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, jsonBody, problems, security } from "../../schemas/common.ts";
import { PatchWebhookSchema, WebhookSchema } from "./schemas.ts";
import { checkWebhookUrl } from "./url.ts";

const route = createRoute({
  method: "patch",
  path: "/v1/webhooks/{id}",
  tags: ["Webhooks"],
  summary: "Change a webhook subscription",
  description:
    "Only the fields sent change. `enabled: false` cancels the deliveries still queued and records " +
    "`webhook.disabled`; `enabled: true` re-enables a subscription meshfleet disabled (after a 410, or " +
    "after failing for too long) and clears its failure record.",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam, body: jsonBody(PatchWebhookSchema) },
  responses: { 200: json(WebhookSchema, "The updated subscription"), ...problems(404) },
});

export function registerPatchWebhook(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const patch = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const actor = `key:${keyId}`;
    if (patch.selector) parseSelector(patch.selector, "selector");
    if (patch.url !== undefined) await checkWebhookUrl(c.var.deps, patch.url);
    const row = await c.var.deps.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(webhooks)
        .where(and(eq(webhooks.id, id), eq(webhooks.tenantId, tenantId)))
        .for("no key update");
      if (!current) throw ApiError.notFound(`webhook ${id}`);
      const set: Partial<WebhookRow> = { updatedAt: new Date() };
      if (patch.url !== undefined) set.url = patch.url;
      if (patch.events !== undefined) set.events = patch.events;
      if (patch.selector !== undefined) set.selector = patch.selector === "" ? null : patch.selector;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.format !== undefined && patch.format !== current.format) {
        set.format = patch.format;
        // Chat aggregation state means nothing to another format; queued deliveries start over.
        set.aggregatorState = null;
      }
      if (patch.enabled === true && !current.enabled) {
        Object.assign(set, {
          enabled: true,
          disabledReason: null,
          failingSince: null,
          aggregatorState: null,
        });
      }
      const changed = Object.keys(patch).filter((k) => !(k === "enabled" && patch.enabled === false));
      if (changed.length > 0) {
        await tx.update(webhooks).set(set).where(eq(webhooks.id, id));
        await recordEvent(tx, {
          tenantId,
          type: "webhook.updated",
          subjectId: id,
          actor,
          data: { webhookId: id, host: webhookHost(set.url ?? current.url), changed },
        });
      }
      if (patch.enabled === false) await disableWebhook(tx, current, "disabled by request", actor);
      const [updated] = await tx.select().from(webhooks).where(eq(webhooks.id, id));
      return updated!;
    });
    return c.json(toWebhookView(row), 200);
  });
}
