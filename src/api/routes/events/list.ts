import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, eq, gt, gte, like } from "drizzle-orm";
import { events } from "../../../db/schema/index.ts";
import type { App } from "../../context.ts";
import { decodeSeqCursor, toPage } from "../../cursor.ts";
import { json, PageQuery, page, problems, security } from "../../schemas/common.ts";

export const EventSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    clusterId: z.string().nullable(),
    subjectId: z.string().nullable(),
    actor: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi("Event");

const route = createRoute({
  method: "get",
  path: "/v1/events",
  tags: ["Events"],
  summary: "Read the audit log, oldest first",
  security,
  request: {
    query: PageQuery.extend({
      cluster: z
        .uuid()
        .optional()
        .openapi({ param: { name: "cluster", in: "query" } }),
      type: z
        .string()
        .regex(/^[a-z_.]+\*?$/, "an event type, or a prefix ending in * such as run.*")
        .optional()
        .openapi({ param: { name: "type", in: "query" }, example: "cluster.*" }),
      since: z.iso
        .datetime({ offset: true })
        .optional()
        .openapi({ param: { name: "since", in: "query" } }),
    }),
  },
  responses: { 200: json(page(EventSchema, "EventPage"), "A page of events"), ...problems() },
});

export function registerListEvents(app: App) {
  app.openapi(route, async (c) => {
    const { limit, cursor, cluster, type, since } = c.req.valid("query");
    const after = decodeSeqCursor(cursor);
    const rows = await c.var.deps.db
      .select()
      .from(events)
      .where(
        and(
          eq(events.tenantId, c.var.caller.tenantId),
          after !== undefined ? gt(events.seq, after) : undefined,
          cluster ? eq(events.clusterId, cluster) : undefined,
          type
            ? type.endsWith("*")
              ? like(events.type, `${type.slice(0, -1)}%`)
              : eq(events.type, type)
            : undefined,
          since ? gte(events.createdAt, new Date(since)) : undefined,
        ),
      )
      .orderBy(asc(events.seq))
      .limit(limit + 1);
    const result = toPage(rows, limit, (r) => r.seq);
    const items = result.items.map((e) => ({
      id: e.id,
      type: e.type,
      clusterId: e.clusterId,
      subjectId: e.subjectId,
      actor: e.actor,
      data: e.data,
      createdAt: e.createdAt.toISOString(),
    }));
    return c.json({ items, nextCursor: result.nextCursor }, 200);
  });
}
