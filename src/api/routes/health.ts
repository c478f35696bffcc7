import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../context.ts";
import { json } from "../schemas/common.ts";

const Health = z.object({ status: z.string() }).openapi("Health");

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Health"],
  summary: "The process is alive",
  responses: { 200: json(Health, "Alive") },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["Health"],
  summary: "The database answers",
  responses: { 200: json(Health, "Ready"), 503: json(Health, "The database does not answer") },
});

/** Liveness and readiness probes (no auth). */
export function registerHealthRoutes(app: App) {
  app.openapi(healthz, (c) => c.json({ status: "ok" }, 200));
  app.openapi(readyz, async (c) => {
    try {
      await c.var.deps.ping();
      return c.json({ status: "ready" }, 200);
    } catch (err) {
      c.var.log.warn({ err: String(err) }, "readiness check failed");
      return c.json({ status: "database unreachable" }, 503);
    }
  });
}
