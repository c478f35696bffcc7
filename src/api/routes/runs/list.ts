import { createRoute } from "@hono/zod-openapi";
import { and, asc, desc, eq, inArray, lt } from "drizzle-orm";
import { runSteps, runs } from "../../../db/schema/index.ts";
import { findCluster } from "../../../services/clusters.ts";
import { toRunView } from "../../../services/runs.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { ApiError } from "../../errors.ts";
import { IdParam, json, PageQuery, page, problems, security } from "../../schemas/common.ts";
import { RunSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/clusters/{id}/runs",
  tags: ["Runs"],
  summary: "A cluster's runs, newest first",
  security,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(page(RunSchema, "RunPage"), "A page of runs"), ...problems(404) },
});

export function registerListRuns(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const { db } = c.var.deps;
    const tenantId = c.var.caller.tenantId;
    if (!(await findCluster(db, tenantId, id))) throw ApiError.notFound(`cluster ${id}`);
    const before = decodeIdCursor(cursor);
    const rows = await db
      .select()
      .from(runs)
      .where(
        and(eq(runs.tenantId, tenantId), eq(runs.clusterId, id), before ? lt(runs.id, before) : undefined),
      )
      .orderBy(desc(runs.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    const ids = result.items.map((r) => r.id);
    const steps = ids.length
      ? await db.select().from(runSteps).where(inArray(runSteps.runId, ids)).orderBy(asc(runSteps.position))
      : [];
    const items = result.items.map((r) =>
      toRunView(
        r,
        steps.filter((s) => s.runId === r.id),
      ),
    );
    return c.json({ items, nextCursor: result.nextCursor }, 200);
  });
}
