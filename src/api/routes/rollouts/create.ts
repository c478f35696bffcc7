import { createRoute } from "@hono/zod-openapi";
import { rolloutStrategySchema } from "../../../domain/rollouts/index.ts";
import { readRollout } from "../../../services/rollouts.ts";
import { planRolloutRequest, type RolloutRequest, storeRollout } from "../../../services/rollouts-create.ts";
import { dryRunChanges } from "../../../services/rollouts-diff.ts";
import type { Holder } from "../../../services/rollouts-membership.ts";
import { toDryRunView, toRolloutView } from "../../../services/rollouts-view.ts";
import type { App } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { requireScope } from "../../middleware/auth.ts";
import { json, jsonBody, problems, security } from "../../schemas/common.ts";
import { CreateRolloutSchema, DryRunQuery, DryRunSchema, RolloutSchema } from "./schemas.ts";

const route = createRoute({
  method: "post",
  path: "/v1/rollouts",
  tags: ["Rollouts"],
  summary: "Plan a rollout of a profile version over a fleet, and start it",
  description:
    "Selects the clusters (a label selector or names), splits them into waves (an optional canary, then " +
    "batches) and stores that plan: what runs is exactly what the response shows. Clusters registered later " +
    "are not added. A cluster belongs to at most one active rollout: targeting one again is 409 unless " +
    "`supersede` is set. With `?dryRun=true` nothing is stored; the response adds each cluster's object " +
    "changes (created, updated, deleted) from the rendered profile against the cluster's last inventory.",
  security,
  middleware: [requireScope("write")] as const,
  request: { query: DryRunQuery, body: jsonBody(CreateRolloutSchema) },
  responses: {
    201: json(RolloutSchema, "Planned; the workers start it"),
    200: json(DryRunSchema, "Dry run: the plan and the changes, nothing stored"),
    ...problems(409),
  },
});

export function registerCreateRollout(app: App) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const dryRun = c.req.valid("query").dryRun === "true";
    const { tenantId, keyId } = c.var.caller;
    const { db } = c.var.deps;
    const request: RolloutRequest = {
      tenantId,
      name: body.name,
      profile: body.profile,
      version: body.version,
      selection:
        body.clusters !== undefined ? { clusters: body.clusters } : { selector: body.selector ?? "" },
      strategy: body.strategy ?? rolloutStrategySchema.parse({}),
      seed: body.seed,
    };
    if (dryRun) {
      const planned = await planRolloutRequest(db, request);
      const changes = await dryRunChanges(
        db,
        tenantId,
        planned.version,
        planned.selected.map((cluster) => cluster.id),
      );
      return c.json(toDryRunView(planned, changes), 200);
    }
    const row = await db.transaction(async (tx) => {
      const planned = await planRolloutRequest(tx, request);
      const stored = await storeRollout(tx, request, planned, {
        supersede: body.supersede,
        actor: `key:${keyId}`,
      });
      if (stored.conflicts) throw conflict(stored.conflicts);
      return stored.row;
    });
    return c.json(toRolloutView(readRollout(row), Date.now()), 201);
  });
}

/** 409 naming the clusters and the rollouts holding them. */
function conflict(holders: readonly Holder[]): ApiError {
  const named = holders.slice(0, 5).map((h) => `${h.clusterName} (rollout ${h.rolloutName || h.rolloutId})`);
  const more = holders.length > 5 ? ` and ${holders.length - 5} more` : "";
  return new ApiError(
    "conflict",
    `${holders.length} cluster(s) already belong to an active rollout: ${named.join(", ")}${more}. ` +
      "Send supersede: true to take them over, or wait for (or abort) that rollout.",
    {
      errors: holders.slice(0, 100).map((h) => ({
        field: `clusters.${h.clusterName}`,
        message: `in active rollout ${h.rolloutId}`,
      })),
    },
  );
}
