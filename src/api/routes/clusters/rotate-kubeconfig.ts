import { createRoute } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { clusters } from "../../../db/schema/index.ts";
import { findCluster, toClusterView, vetAndSeal } from "../../../services/clusters.ts";
import { recordEvent } from "../../../services/events.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, jsonBody, problems, security } from "../../schemas/common.ts";
import { ClusterSchema, RotateKubeconfigSchema } from "./schemas.ts";

const route = createRoute({
  method: "put",
  path: "/v1/clusters/{id}/kubeconfig",
  tags: ["Clusters"],
  summary: "Rotate a cluster's kubeconfig",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam, body: jsonBody(RotateKubeconfigSchema) },
  responses: { 200: json(ClusterSchema, "The cluster with its new credentials version"), ...problems(404) },
});

export function registerRotateKubeconfig(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { tenantId, keyId } = c.var.caller;
    const { db, keyRing, settings } = c.var.deps;
    if (!(await findCluster(db, tenantId, id))) throw ApiError.notFound(`cluster ${id}`);
    const sealed = await vetAndSeal(
      keyRing,
      { tenantId, clusterId: id, ...input },
      { allowLoopback: settings.allowLoopbackClusters },
    );
    const row = await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(clusters)
        .set({
          kubeconfigSealed: sealed.sealed,
          kubeconfigContext: input.context ?? null,
          allowInsecureTls: input.allowInsecureTLS,
          server: sealed.server,
          authKind: sealed.authKind,
          fingerprint: sealed.fingerprint,
          credentialsVersion: sql`${clusters.credentialsVersion} + 1`,
          revision: sql`${clusters.revision} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(clusters.id, id), eq(clusters.tenantId, tenantId)))
        .returning();
      if (!updated) throw ApiError.notFound(`cluster ${id}`);
      await recordEvent(tx, {
        tenantId,
        type: "cluster.kubeconfig_rotated",
        clusterId: id,
        actor: `key:${keyId}`,
        data: { server: sealed.server, fingerprint: sealed.fingerprint },
      });
      return updated;
    });
    c.header("etag", toClusterView(row).etag);
    return c.json(toClusterView(row), 200);
  });
}
