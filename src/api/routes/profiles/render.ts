import { createRoute, z } from "@hono/zod-openapi";
import { findCluster } from "../../../services/clusters.ts";
import { renderForCluster } from "../../../services/profiles.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { json, problems, security } from "../../schemas/common.ts";
import { profileVersionOr404 } from "./lookup.ts";
import { NameVersionParam } from "./schemas.ts";

const K8sObjectSchema = z.record(z.string(), z.unknown()).openapi("K8sObject");

const RenderSchema = z
  .object({
    profile: z.string(),
    version: z.number().int(),
    release: z.string(),
    cluster: z.object({ id: z.uuid(), name: z.string() }),
    phases: z.array(
      z.object({ phase: z.enum(["namespaces", "crds", "resources"]), objects: z.array(K8sObjectSchema) }),
    ),
    objectCount: z.number().int(),
  })
  .openapi("RenderedProfile");

const route = createRoute({
  method: "get",
  path: "/v1/profiles/{name}/versions/{n}/render",
  tags: ["Mesh profiles"],
  summary: "Preview exactly what would be applied to a cluster",
  description:
    "The final manifests for that cluster, overlays applied, in apply phases and Helm's kind order.",
  security,
  request: {
    params: NameVersionParam,
    query: z.object({ cluster: z.uuid().openapi({ param: { name: "cluster", in: "query" } }) }),
  },
  responses: { 200: json(RenderSchema, "The render"), ...problems(404) },
});

export function registerRenderProfile(app: App) {
  app.openapi(route, async (c) => {
    const { name, n } = c.req.valid("param");
    const { cluster: clusterId } = c.req.valid("query");
    const { db } = c.var.deps;
    const tenantId = c.var.caller.tenantId;
    const { version } = await profileVersionOr404(db, tenantId, name, n);
    const cluster = await findCluster(db, tenantId, clusterId);
    if (!cluster) throw ApiError.notFound(`cluster ${clusterId}`);
    const rendered = await renderForCluster(db, tenantId, version, cluster);
    return c.json(
      {
        profile: name,
        version: n,
        release: rendered.release.version,
        cluster: { id: cluster.id, name: cluster.name },
        phases: rendered.phases,
        objectCount: rendered.objects.length,
      },
      200,
    );
  });
}
