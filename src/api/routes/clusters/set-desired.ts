import { createRoute } from "@hono/zod-openapi";
import { findCluster, toClusterView } from "../../../services/clusters.ts";
import { setDesiredState } from "../../../services/desired-state.ts";
import { loadProfileVersion, renderForCluster } from "../../../services/profiles.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, jsonBody, problems, security } from "../../schemas/common.ts";
import { ClusterSchema, SetDesiredSchema } from "./schemas.ts";

const route = createRoute({
  method: "put",
  path: "/v1/clusters/{id}/mesh",
  tags: ["Clusters"],
  summary: "Set the mesh profile a cluster should run",
  description:
    "Records the desired profile version and queues an install. The profile is rendered for this cluster " +
    "first, so a missing label or placeholder is a 422 now rather than a failed install later.",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam, body: jsonBody(SetDesiredSchema) },
  responses: {
    202: json(ClusterSchema, "Accepted: the workers will converge the cluster"),
    ...problems(404),
  },
});

export function registerSetDesired(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const row = await c.var.deps.db.transaction(async (tx) => {
      const current = await findCluster(tx, tenantId, id);
      if (!current) throw ApiError.notFound(`cluster ${id}`);
      const version = await loadProfileVersion(tx, tenantId, input.profile, input.version, "profile");
      await renderForCluster(tx, tenantId, version, current);
      const changed = await setDesiredState(tx, {
        tenantId,
        clusterId: id,
        desired: {
          kind: "install",
          profile: input.profile,
          version: version.version,
          releaseVersion: version.releaseVersion,
        },
        actor: `key:${keyId}`,
      });
      if (!changed) throw ApiError.notFound(`cluster ${id}`);
      return changed.cluster;
    });
    c.header("etag", toClusterView(row).etag);
    return c.json(toClusterView(row), 202);
  });
}
