import { createRoute } from "@hono/zod-openapi";
import { count, eq } from "drizzle-orm";
import { webhooks } from "../../../db/schema/index.ts";
import { parseSelector } from "../../../domain/selector/parse.ts";
import { newId } from "../../../ids.ts";
import { recordEvent } from "../../../services/events.ts";
import { toWebhookView, webhookHost } from "../../../services/webhooks.ts";
import { sealNewSecret } from "../../../services/webhooks-secrets.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, jsonBody, problems, security } from "../../schemas/common.ts";
import { CreatedWebhookSchema, CreateWebhookSchema } from "./schemas.ts";
import { checkWebhookUrl } from "./url.ts";

/** Every event costs one delivery row per matching subscription: the cap bounds that. */
export const MAX_WEBHOOKS_PER_TENANT = 100;

const route = createRoute({
  method: "post",
  path: "/v1/webhooks",
  tags: ["Webhooks"],
  summary: "Subscribe a URL to events",
  description:
    "Returns the signing secret (`whsec_…`) this once; it is stored encrypted and never shown again. " +
    "`standard` and `cloudevents` deliveries are signed with it (Standard Webhooks); chat formats " +
    "(`slack`, `teams`, `discord`, `googlechat`) get readable messages, one per rollout wave rather than one per cluster.",
  security,
  middleware: [requireScope("write")] as const,
  request: { body: jsonBody(CreateWebhookSchema) },
  responses: { 201: json(CreatedWebhookSchema, "The subscription, with its secret"), ...problems(409) },
});

export function registerCreateWebhook(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const { db, keyRing } = c.var.deps;
    if (input.selector !== undefined) parseSelector(input.selector, "selector");
    await checkWebhookUrl(c.var.deps, input.url);
    const id = newId();
    const { secret, sealed } = await sealNewSecret(keyRing, tenantId, id);
    const row = await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ n: count() })
        .from(webhooks)
        .where(eq(webhooks.tenantId, tenantId));
      if ((existing?.n ?? 0) >= MAX_WEBHOOKS_PER_TENANT) {
        throw new ApiError("conflict", `a tenant may have at most ${MAX_WEBHOOKS_PER_TENANT} webhooks`);
      }
      // Recorded before the insert: a new subscription starts with the events after its creation.
      await recordEvent(tx, {
        tenantId,
        type: "webhook.created",
        subjectId: id,
        actor: `key:${keyId}`,
        data: { webhookId: id, host: webhookHost(input.url), format: input.format, events: input.events },
      });
      const [created] = await tx
        .insert(webhooks)
        .values({
          id,
          tenantId,
          url: input.url,
          format: input.format,
          events: input.events,
          selector: input.selector ?? null,
          description: input.description ?? null,
          enabled: input.enabled,
          secretSealed: sealed,
        })
        .returning();
      return created!;
    });
    c.header("location", `/v1/webhooks/${row.id}`);
    c.header("cache-control", "no-store");
    return c.json({ ...toWebhookView(row), secret }, 201);
  });
}
