import { createRoute } from "@hono/zod-openapi";
import { toProfileVersionView, writeProfileVersion } from "../../../services/profile-versions.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, jsonBody, problems, security } from "../../schemas/common.ts";
import { toProfileView } from "./lookup.ts";
import { CreateProfileSchema, ProfileSchema } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/profiles",
  tags: ["Mesh profiles"],
  summary: "Create a mesh profile (version 1)",
  security,
  middleware: [requireScope("write")] as const,
  request: { body: jsonBody(CreateProfileSchema) },
  responses: { 201: json(ProfileSchema, "The profile at version 1"), ...problems(409) },
});

export function registerCreateProfile(app: App) {
  app.openapi(route, async (c) => {
    const { name, revision, ...rest } = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const written = await writeProfileVersion(c.var.deps.db, {
      tenantId,
      actor: `key:${keyId}`,
      name,
      create: true,
      fields: { ...rest, revision: revision ?? null },
    });
    if (!written)
      throw new ApiError("conflict", `a mesh profile named '${name}' exists; PATCH it to make a new version`);
    c.header("location", `/v1/profiles/${name}`);
    return c.json(toProfileView(written.profile, toProfileVersionView(written.version)), 201);
  });
}
