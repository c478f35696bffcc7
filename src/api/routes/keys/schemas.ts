import { z } from "@hono/zod-openapi";

export const ScopeSchema = z
  .enum(["read", "write", "admin"])
  .openapi({ description: "admin ⊃ write ⊃ read" });

export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: "First characters of the key, to recognise it" }),
    scope: ScopeSchema,
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreateApiKeySchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    scope: ScopeSchema,
  })
  .openapi("CreateApiKey");

export const CreatedApiKeySchema = ApiKeySchema.extend({
  secret: z.string().openapi({ description: "The key itself. Shown once, never again." }),
}).openapi("CreatedApiKey");

/** The listing view of a key row: never the hash. */
export function toApiKeyView(row: {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write" | "admin";
  createdAt: Date;
  revokedAt: Date | null;
}) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
