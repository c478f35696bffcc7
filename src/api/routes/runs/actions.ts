import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray, sql } from "drizzle-orm";
import { clusters, runSteps, runs } from "../../../db/schema/index.ts";
import { recordEvent } from "../../../services/events.ts";
import { enqueueOutbox } from "../../../services/outbox.ts";
import { findRunWithSteps, toRunView } from "../../../services/runs.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { IdParam, json, problems, security } from "../../schemas/common.ts";
import { RunSchema } from "./schemas.ts";

const retry = createRoute({
  method: "post",
  path: "/v1/runs/{id}/retry",
  tags: ["Runs"],
  summary: "Retry a failed or cancelled run from its first unfinished step",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam },
  responses: { 202: json(RunSchema, "Queued again"), ...problems(404, 409) },
});

const cancel = createRoute({
  method: "post",
  path: "/v1/runs/{id}/cancel",
  tags: ["Runs"],
  summary: "Cancel a queued or running run; it stops at the next step boundary",
  security,
  middleware: [requireScope("write")] as const,
  request: { params: IdParam },
  responses: { 200: json(RunSchema, "Cancelled"), ...problems(404, 409) },
});

export function registerRunActions(app: App) {
  app.openapi(retry, async (c) => {
    const { id } = c.req.valid("param");
    const { tenantId, keyId } = c.var.caller;
    const { db } = c.var.deps;
    await db.transaction(async (tx) => {
      const found = await findRunWithSteps(tx, tenantId, id);
      if (!found) throw ApiError.notFound(`run ${id}`);
      const { run } = found;
      if (run.status !== "failed" && run.status !== "cancelled") {
        throw new ApiError("conflict", `run is ${run.status}; only failed or cancelled runs can be retried`);
      }
      const [cluster] = await tx.select().from(clusters).where(eq(clusters.id, run.clusterId));
      if (!cluster || cluster.desiredGeneration !== run.generation) {
        throw new ApiError(
          "conflict",
          "the cluster's desired state changed since this run; that newer state is what runs",
        );
      }
      await tx
        .update(runs)
        .set({
          status: "queued",
          errorReason: null,
          errorMessage: null,
          finishedAt: null,
          retries: sql`${runs.retries} + 1`,
        })
        .where(eq(runs.id, id));
      await tx
        .update(runSteps)
        .set({ status: "pending", errorReason: null, errorMessage: null, finishedAt: null })
        .where(and(eq(runSteps.runId, id), inArray(runSteps.status, ["failed", "running"])));
      await recordEvent(tx, {
        tenantId,
        type: "run.retried",
        clusterId: run.clusterId,
        subjectId: id,
        actor: `key:${keyId}`,
      });
      await enqueueOutbox(tx, {
        tenantId,
        job: "install",
        payload: { clusterId: run.clusterId, generation: run.generation },
      });
    });
    const found = (await findRunWithSteps(db, tenantId, id))!;
    return c.json(toRunView(found.run, found.steps), 202);
  });

  app.openapi(cancel, async (c) => {
    const { id } = c.req.valid("param");
    const { tenantId, keyId } = c.var.caller;
    const { db } = c.var.deps;
    await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(runs)
        .set({
          status: "cancelled",
          finishedAt: new Date(),
          errorReason: "Cancelled",
          errorMessage: "cancelled by request",
        })
        .where(and(eq(runs.id, id), eq(runs.tenantId, tenantId), inArray(runs.status, ["queued", "running"])))
        .returning();
      if (!updated) {
        const found = await findRunWithSteps(tx, tenantId, id);
        if (!found) throw ApiError.notFound(`run ${id}`);
        throw new ApiError("conflict", `run is already ${found.run.status}`);
      }
      await recordEvent(tx, {
        tenantId,
        type: "run.cancelled",
        clusterId: updated.clusterId,
        subjectId: id,
        actor: `key:${keyId}`,
      });
    });
    const found = (await findRunWithSteps(db, tenantId, id))!;
    return c.json(toRunView(found.run, found.steps), 200);
  });
}
