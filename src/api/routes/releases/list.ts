import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { releaseProfiles, releases } from "../../../db/schema/index.ts";
import { toReleaseView } from "../../../services/releases.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { json, PageQuery, page, problems, security } from "../../schemas/common.ts";
import { ReleaseSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/releases",
  tags: ["Releases"],
  summary: "List releases",
  security,
  request: { query: PageQuery },
  responses: { 200: json(page(ReleaseSchema, "ReleasePage"), "A page of releases"), ...problems() },
});

export function registerListReleases(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeIdCursor(cursor);
    const { db } = c.var.deps;
    const rows = await db
      .select()
      .from(releases)
      .where(and(eq(releases.tenantId, c.var.caller.tenantId), after ? gt(releases.id, after) : undefined))
      .orderBy(asc(releases.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    const ids = result.items.map((r) => r.id);
    const profiles = ids.length
      ? await db.select().from(releaseProfiles).where(inArray(releaseProfiles.releaseId, ids))
      : [];
    const items = result.items.map((r) =>
      toReleaseView(
        r,
        profiles.filter((p) => p.releaseId === r.id).sort((a, b) => a.name.localeCompare(b.name)),
      ),
    );
    return c.json({ items, nextCursor: result.nextCursor }, 200);
  });
}
