import { createRoute } from "@hono/zod-openapi";
import { createRelease } from "../../../services/releases.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, jsonBody, problems, security } from "../../schemas/common.ts";
import { CreateReleaseSchema, ReleaseSchema } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/releases",
  tags: ["Releases"],
  summary: "Upload an Istio release (rendered manifests)",
  description:
    "Releases are immutable: uploading the same content again returns the stored release (200); " +
    "different content under an existing version is 409.",
  security,
  middleware: [requireScope("write")] as const,
  request: { body: jsonBody(CreateReleaseSchema) },
  responses: {
    201: json(ReleaseSchema, "Stored"),
    200: json(ReleaseSchema, "Already stored with the same content"),
    ...problems(409, 413),
  },
});

export function registerCreateRelease(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const result = await createRelease(c.var.deps.db, tenantId, `key:${keyId}`, input);
    if (result.conflict) {
      throw new ApiError(
        "conflict",
        `release ${input.version} already exists with different content (digest ${result.release.contentDigest}); releases are immutable, upload a new version`,
      );
    }
    c.header("location", `/v1/releases/${encodeURIComponent(result.release.version)}`);
    return result.created ? c.json(result.release, 201) : c.json(result.release, 200);
  });
}
