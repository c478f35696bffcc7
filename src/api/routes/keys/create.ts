import { createRoute } from "@hono/zod-openapi";
import { createApiKey } from "../../../services/tenants.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, jsonBody, problems, security } from "../../schemas/common.ts";
import { CreateApiKeySchema, CreatedApiKeySchema, toApiKeyView } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/keys",
  tags: ["API keys"],
  summary: "Create an API key in the caller's tenant",
  security,
  middleware: [requireScope("admin")] as const,
  request: { body: jsonBody(CreateApiKeySchema) },
  responses: { 201: json(CreatedApiKeySchema, "The key, with its secret shown this once"), ...problems() },
});

export function registerCreateKey(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const created = await createApiKey(c.var.deps.db, { ...input, tenantId, actor: `key:${keyId}` });
    if (!created) throw new ApiError("internal", "could not create a key; try again");
    return c.json({ ...toApiKeyView(created.key), secret: created.secret }, 201);
  });
}
