import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt } from "drizzle-orm";
import { clusters } from "../../../db/schema/index.ts";
import { selectorToSql } from "../../../db/selector-sql.ts";
import { parseSelector } from "../../../domain/selector/parse.ts";
import { toClusterView } from "../../../services/clusters.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { json, page, problems, security } from "../../schemas/common.ts";
import { ClusterSchema, ListClustersQuery } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/clusters",
  tags: ["Clusters"],
  summary: "List clusters, filtered by a label selector",
  security,
  request: { query: ListClustersQuery },
  responses: { 200: json(page(ClusterSchema, "ClusterPage"), "A page of clusters"), ...problems() },
});

export function registerListClusters(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor, selector } = c.req.valid("query");
    const after = decodeIdCursor(cursor);
    const requirements = selector ? parseSelector(selector) : [];
    const rows = await c.var.deps.db
      .select()
      .from(clusters)
      .where(
        and(
          eq(clusters.tenantId, c.var.caller.tenantId),
          after ? gt(clusters.id, after) : undefined,
          selectorToSql(clusters.labels, requirements),
        ),
      )
      .orderBy(asc(clusters.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    return c.json({ items: result.items.map(toClusterView), nextCursor: result.nextCursor }, 200);
  });
}
