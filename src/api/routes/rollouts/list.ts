import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, getTableColumns, lt } from "drizzle-orm";
import { rollouts } from "../../../db/schema/index.ts";
import { toRolloutSummary } from "../../../services/rollouts-view.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { json, page, problems, security } from "../../schemas/common.ts";
import { ListRolloutsQuery, RolloutSummarySchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/rollouts",
  tags: ["Rollouts"],
  summary: "List rollouts, newest first",
  security,
  request: { query: ListRolloutsQuery },
  responses: { 200: json(page(RolloutSummarySchema, "RolloutPage"), "A page of rollouts"), ...problems() },
});

/** The list never reads the plan and progress documents, which can hold 10,000 clusters each. */
const {
  plan: _plan,
  progress: _progress,
  commands: _commands,
  ...SUMMARY_COLUMNS
} = getTableColumns(rollouts);

export function registerListRollouts(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor, state } = c.req.valid("query");
    const before = decodeIdCursor(cursor);
    const rows = await c.var.deps.db
      .select(SUMMARY_COLUMNS)
      .from(rollouts)
      .where(
        and(
          eq(rollouts.tenantId, c.var.caller.tenantId),
          before ? lt(rollouts.id, before) : undefined,
          state ? eq(rollouts.state, state) : undefined,
        ),
      )
      .orderBy(desc(rollouts.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    return c.json(
      { items: result.items.map((row) => toRolloutSummary({ row })), nextCursor: result.nextCursor },
      200,
    );
  });
}
