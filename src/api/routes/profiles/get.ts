import { createRoute } from "@hono/zod-openapi";
import { toProfileVersionView } from "../../../services/profile-versions.ts";
import type { App } from "../../context.ts";
import { json, problems, security } from "../../schemas/common.ts";
import { profileOr404, profileVersionOr404, toProfileView } from "./lookup.ts";
import { NameParam, NameVersionParam, ProfileSchema, ProfileVersionSchema } from "./schemas.ts";

const getProfile = createRoute({
  method: "get",
  path: "/v1/profiles/{name}",
  tags: ["Mesh profiles"],
  summary: "Get a mesh profile with its latest version",
  security,
  request: { params: NameParam },
  responses: { 200: json(ProfileSchema, "The profile"), ...problems(404) },
});

const getVersion = createRoute({
  method: "get",
  path: "/v1/profiles/{name}/versions/{n}",
  tags: ["Mesh profiles"],
  summary: "Get one version of a mesh profile",
  security,
  request: { params: NameVersionParam },
  responses: { 200: json(ProfileVersionSchema, "The version"), ...problems(404) },
});

export function registerGetProfile(app: App) {
  app.openapi(getProfile, async (c) => {
    const { name } = c.req.valid("param");
    const { db } = c.var.deps;
    const profile = await profileOr404(db, c.var.caller.tenantId, name);
    const { version } = await profileVersionOr404(db, c.var.caller.tenantId, name, profile.latestVersion);
    return c.json(toProfileView(profile, toProfileVersionView(version)), 200);
  });
  app.openapi(getVersion, async (c) => {
    const { name, n } = c.req.valid("param");
    const { version } = await profileVersionOr404(c.var.deps.db, c.var.caller.tenantId, name, n);
    return c.json(toProfileVersionView(version), 200);
  });
}
