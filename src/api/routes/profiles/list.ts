import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { meshProfiles, meshProfileVersions } from "../../../db/schema/index.ts";
import { toProfileVersionView } from "../../../services/profile-versions.ts";
import type { App } from "../../context.ts";
import { decodeIdCursor, toPage } from "../../cursor.ts";
import { json, PageQuery, page, problems, security } from "../../schemas/common.ts";
import { toProfileView } from "./lookup.ts";
import { ProfileSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/profiles",
  tags: ["Mesh profiles"],
  summary: "List mesh profiles with their latest versions",
  security,
  request: { query: PageQuery },
  responses: { 200: json(page(ProfileSchema, "ProfilePage"), "A page of profiles"), ...problems() },
});

export function registerListProfiles(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeIdCursor(cursor);
    const { db } = c.var.deps;
    const tenantId = c.var.caller.tenantId;
    const rows = await db
      .select()
      .from(meshProfiles)
      .where(and(eq(meshProfiles.tenantId, tenantId), after ? gt(meshProfiles.id, after) : undefined))
      .orderBy(asc(meshProfiles.id))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.id);
    const ids = result.items.map((p) => p.id);
    const latest = ids.length
      ? await db
          .select({ version: meshProfileVersions })
          .from(meshProfileVersions)
          .innerJoin(
            meshProfiles,
            and(
              eq(meshProfiles.id, meshProfileVersions.profileId),
              eq(meshProfiles.latestVersion, meshProfileVersions.version),
            ),
          )
          .where(and(eq(meshProfileVersions.tenantId, tenantId), inArray(meshProfileVersions.profileId, ids)))
      : [];
    const items = result.items.map((p) => {
      const v = latest.find((l) => l.version.profileId === p.id)!.version;
      return toProfileView(p, toProfileVersionView({ ...v, name: p.name }));
    });
    return c.json({ items, nextCursor: result.nextCursor }, 200);
  });
}
