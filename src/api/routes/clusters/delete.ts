import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { clusters } from "../../../db/schema/index.ts";
import { recordEvent } from "../../../services/events.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, problems, security } from "../../schemas/common.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/clusters/{id}",
  tags: ["Clusters"],
  summary: "Forget a cluster",
  description:
    "Removes the registration and its encrypted kubeconfig. The mesh on the cluster is left as it is; " +
    "uninstall it first with `DELETE /v1/clusters/{id}/mesh` if it should go.",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(404) },
});

export function registerDeleteCluster(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { tenantId, keyId } = c.var.caller;
    await c.var.deps.db.transaction(async (tx) => {
      const [gone] = await tx
        .delete(clusters)
        .where(and(eq(clusters.id, id), eq(clusters.tenantId, tenantId)))
        .returning({ name: clusters.name });
      if (!gone) throw ApiError.notFound(`cluster ${id}`);
      await recordEvent(tx, {
        tenantId,
        type: "cluster.deleted",
        clusterId: id,
        actor: `key:${keyId}`,
        data: { name: gone.name },
      });
    });
    return c.body(null, 204);
  });
}
