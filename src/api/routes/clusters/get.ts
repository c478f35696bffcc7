import { createRoute } from "@hono/zod-openapi";
import { findCluster, toClusterView } from "../../../services/clusters.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { ClusterSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/clusters/{id}",
  tags: ["Clusters"],
  summary: "Get a cluster with its desired and observed state",
  security,
  request: { params: IdParam },
  responses: { 200: json(ClusterSchema, "The cluster; the ETag header is its revision"), ...problems(404) },
});

export function registerGetCluster(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const row = await findCluster(c.var.deps.db, c.var.caller.tenantId, id);
    if (!row) throw ApiError.notFound(`cluster ${id}`);
    const view = toClusterView(row);
    c.header("etag", view.etag);
    return c.json(view, 200);
  });
}
