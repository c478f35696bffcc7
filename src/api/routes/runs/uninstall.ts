import { createRoute, z } from "@hono/zod-openapi";
import { findCluster, toClusterView } from "../../../services/clusters.ts";
import { setDesiredState } from "../../../services/desired-state.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { ClusterSchema } from "../clusters/schemas.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/clusters/{id}/mesh",
  tags: ["Runs"],
  summary: "Uninstall the mesh from a cluster",
  description:
    "Runs an uninstall with its own steps. CRDs (and so users' Istio resources) stay unless deleteCrds=true.",
  security,
  middleware: [requireScope("write")] as const,
  request: {
    params: IdParam,
    query: z.object({
      deleteCrds: z
        .enum(["true", "false"])
        .default("false")
        .openapi({ param: { name: "deleteCrds", in: "query" } }),
    }),
  },
  responses: { 202: json(ClusterSchema, "Accepted: the workers will uninstall"), ...problems(404, 409) },
});

export function registerUninstallMesh(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const deleteCrds = c.req.valid("query").deleteCrds === "true";
    const { tenantId, keyId } = c.var.caller;
    const row = await c.var.deps.db.transaction(async (tx) => {
      const current = await findCluster(tx, tenantId, id);
      if (!current) throw ApiError.notFound(`cluster ${id}`);
      if (!current.inventory && !current.desiredProfile) {
        throw new ApiError("conflict", "meshfleet has installed nothing on this cluster");
      }
      const result = await setDesiredState(tx, {
        tenantId,
        clusterId: id,
        desired: { kind: "uninstall", deleteCrds },
        actor: `key:${keyId}`,
      });
      if (!result) throw ApiError.notFound(`cluster ${id}`);
      return result.cluster;
    });
    return c.json(toClusterView(row), 202);
  });
}
