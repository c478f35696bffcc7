import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { webhooks } from "../../../db/schema/index.ts";
import { recordEvent } from "../../../services/events.ts";
import { DEFAULT_ROTATION_GRACE_SECONDS, sealNewSecret } from "../../../services/webhooks-secrets.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { RotatedSecretSchema, RotateSecretSchema } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/rotate-secret",
  tags: ["Webhooks"],
  summary: "Replace the signing secret; the old one keeps signing for a grace period",
  description:
    "Returns the new secret this once. Until `previousSecretExpiresAt` every delivery carries two " +
    "signatures (`v1,… v1,…`), one per secret, so receivers can switch without a gap.",
  security,
  middleware: [requireScope("write")] as const,
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: RotateSecretSchema } } },
  },
  responses: { 200: json(RotatedSecretSchema, "The new secret"), ...problems(404) },
});

export function registerRotateWebhookSecret(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const graceSeconds = c.req.valid("json").graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
    const { tenantId, keyId } = c.var.caller;
    const { db, keyRing } = c.var.deps;
    const { secret, sealed } = await sealNewSecret(keyRing, tenantId, id);
    const expires = new Date(Date.now() + graceSeconds * 1000);
    await db.transaction(async (tx) => {
      const [current] = await tx
        .select({ secretSealed: webhooks.secretSealed })
        .from(webhooks)
        .where(and(eq(webhooks.id, id), eq(webhooks.tenantId, tenantId)))
        .for("no key update");
      if (!current) throw ApiError.notFound(`webhook ${id}`);
      await tx
        .update(webhooks)
        .set({
          secretSealed: sealed,
          previousSecretSealed: current.secretSealed,
          previousSecretExpiresAt: expires,
          updatedAt: new Date(),
        })
        .where(eq(webhooks.id, id));
      await recordEvent(tx, {
        tenantId,
        type: "webhook.secret_rotated",
        subjectId: id,
        actor: `key:${keyId}`,
        data: { webhookId: id, previousSecretExpiresAt: expires.toISOString() },
      });
    });
    c.header("cache-control", "no-store");
    return c.json({ secret, previousSecretExpiresAt: expires.toISOString() }, 200);
  });
}
