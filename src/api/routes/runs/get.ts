import { createRoute } from "@hono/zod-openapi";
import { findRunWithSteps, toRunView } from "../../../services/runs.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { RunSchema } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/runs/{id}",
  tags: ["Runs"],
  summary: "Get a run with its step timeline",
  security,
  request: { params: IdParam },
  responses: { 200: json(RunSchema, "The run"), ...problems(404) },
});

export function registerGetRun(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const found = await findRunWithSteps(c.var.deps.db, c.var.caller.tenantId, id);
    if (!found) throw ApiError.notFound(`run ${id}`);
    return c.json(toRunView(found.run, found.steps), 200);
  });
}
