import { createRoute } from "@hono/zod-openapi";
import { findRollout, readRollout } from "../../../services/rollouts.ts";
import { toRolloutView } from "../../../services/rollouts-view.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { RolloutSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/rollouts/{id}",
  tags: ["Rollouts"],
  summary: "A rollout's state, waves and clusters with run links, counts and ETA",
  security,
  request: { params: IdParam },
  responses: { 200: json(RolloutSchema, "The rollout"), ...problems(404) },
});

export function registerGetRollout(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const row = await findRollout(c.var.deps.db, c.var.caller.tenantId, id);
    if (!row) throw ApiError.notFound(`rollout ${id}`);
    return c.json(toRolloutView(readRollout(row), Date.now()), 200);
  });
}
