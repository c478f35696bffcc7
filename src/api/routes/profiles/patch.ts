import { createRoute } from "@hono/zod-openapi";
import { fieldsOf, toProfileVersionView, writeProfileVersion } from "../../../services/profile-versions.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, jsonBody, problems, security } from "../../schemas/common.ts";
import { profileVersionOr404, toProfileView } from "./lookup.ts";
import { NameParam, PatchProfileSchema, ProfileSchema } from "./schemas.ts";

const route = createRoute({
  method: "patch",
  path: "/v1/profiles/{name}",
  tags: ["Mesh profiles"],
  summary: "Create the next version of a mesh profile",
  description: "Fields not given are carried over from the latest version. Old versions stay readable.",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: NameParam, body: jsonBody(PatchProfileSchema) },
  responses: { 200: json(ProfileSchema, "The profile at its new version"), ...problems(404) },
});

export function registerPatchProfile(app: App) {
  app.openapi(route, async (c) => {
    const { name } = c.req.valid("param");
    const patch = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const { db } = c.var.deps;
    const { profile } = await profileVersionOr404(db, tenantId, name, 1);
    const { version: latest } = await profileVersionOr404(db, tenantId, name, profile.latestVersion);
    const fields = { ...fieldsOf(latest) };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(fields, { [key]: value });
    }
    const written = await writeProfileVersion(db, {
      tenantId,
      actor: `key:${keyId}`,
      name,
      create: false,
      fields,
    });
    if (!written) throw ApiError.notFound(`mesh profile '${name}'`);
    return c.json(toProfileView(written.profile, toProfileVersionView(written.version)), 200);
  });
}
