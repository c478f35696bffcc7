import { createRoute } from "@hono/zod-openapi";
import { findRelease } from "../../../services/releases.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { json, problems, security } from "../../schemas/common.ts";
import { ReleaseSchema, VersionParam } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/releases/{version}",
  tags: ["Releases"],
  summary: "Get a release",
  security,
  request: { params: VersionParam },
  responses: { 200: json(ReleaseSchema, "The release"), ...problems(404) },
});

export function registerGetRelease(app: App) {
  app.openapi(route, async (c) => {
    const { version } = c.req.valid("param");
    const release = await findRelease(c.var.deps.db, c.var.caller.tenantId, version);
    if (!release) throw ApiError.notFound(`release ${version}`);
    return c.json(release, 200);
  });
}
