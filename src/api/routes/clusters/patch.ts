import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { clusters } from "../../../db/schema/index.ts";
import { validateLabels } from "../../../domain/selector/labels.ts";
import { clusterEtag, findCluster, toClusterView } from "../../../services/clusters.ts";
import { recordEvent } from "../../../services/events.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, jsonBody, problems, security } from "../../schemas/common.ts";
import { ClusterSchema, PatchClusterSchema } from "./schemas.ts";

const route = createRoute({
  method: "patch",
  path: "/v1/clusters/{id}",
  tags: ["Clusters"],
  summary: "Change a cluster's labels",
  description: "Send `If-Match` with the ETag you read; a stale one is 412 and nothing changes.",
  security,
  middleware: [requireScope("write")] as const,
  request: {
    params: IdParam,
    headers: z.object({ "if-match": z.string().max(100).optional() }),
    body: jsonBody(PatchClusterSchema),
  },
  responses: { 200: json(ClusterSchema, "The updated cluster"), ...problems(404, 412) },
});

export function registerPatchCluster(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const ifMatch = c.req.valid("header")["if-match"];
    const patch = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const row = await c.var.deps.db.transaction(async (tx) => {
      const current = await findCluster(tx, tenantId, id);
      if (!current) throw ApiError.notFound(`cluster ${id}`);
      if (ifMatch !== undefined && ifMatch !== "*" && ifMatch !== clusterEtag(current)) {
        throw new ApiError(
          "precondition_failed",
          `If-Match ${ifMatch} is stale: the cluster is at ${clusterEtag(current)}; read it again`,
        );
      }
      const labels = { ...current.labels };
      for (const [key, value] of Object.entries(patch.labels)) {
        if (value === null) delete labels[key];
        else labels[key] = value;
      }
      validateLabels(labels, "labels");
      const [updated] = await tx
        .update(clusters)
        .set({ labels, revision: sql`${clusters.revision} + 1`, updatedAt: new Date() })
        .where(
          and(eq(clusters.id, id), eq(clusters.tenantId, tenantId), eq(clusters.revision, current.revision)),
        )
        .returning();
      if (!updated) throw new ApiError("precondition_failed", "the cluster changed meanwhile; read it again");
      await recordEvent(tx, {
        tenantId,
        type: "cluster.labels_changed",
        clusterId: id,
        actor: `key:${keyId}`,
        data: { before: current.labels, after: labels },
      });
      return updated;
    });
    c.header("etag", clusterEtag(row));
    return c.json(toClusterView(row), 200);
  });
}
